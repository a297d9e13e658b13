//! A small shared table of countries: names in English, German and French, ISO codes,
//! currency, calling code, capital, postcode pattern and IBAN layout.
//!
//! Personas outside their locale's own countries live in the capital; postcode patterns
//! follow the country's format (prefixes plausible for the capital), and the IBAN layout is
//! the BBAN pattern of the national format (`""` for countries outside the IBAN system).

use super::Locale;

/// One row of the country table.
#[derive(Debug)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code.
    pub iso2: &'static str,
    /// ISO 3166-1 alpha-3 code.
    pub iso3: &'static str,
    /// English short name.
    pub name_en: &'static str,
    /// German short name.
    pub name_de: &'static str,
    /// French short name.
    pub name_fr: &'static str,
    /// ISO 4217 currency code.
    pub currency: &'static str,
    /// International calling code, without `+`.
    pub calling: &'static str,
    /// Capital (English name).
    pub capital: &'static str,
    /// Region of the capital (English name).
    pub capital_region: &'static str,
    /// Postcode pattern (`#` digit, `%` 1–9, `@` letter, `|` alternatives).
    pub postcode: &'static str,
    /// BBAN pattern of the country's IBAN, `""` if the country does not use IBANs.
    pub iban: &'static str,
}

impl Country {
    /// The country's name in `locale`'s language.
    pub fn name(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::En => self.name_en,
            Locale::De => self.name_de,
            Locale::Fr => self.name_fr,
        }
    }
}

/// The row for ISO alpha-2 code `iso2` (upper case).
pub fn country_by_iso2(iso2: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.iso2 == iso2)
}

/// The country a value names: its ISO alpha-2 or alpha-3 code, or its name in English, German
/// or French, in any letter case (`USA`, `de`, `United Kingdom`, `Allemagne`).
pub fn country_named(value: &str) -> Option<&'static Country> {
    // Built once: generation looks a value up in every row.
    static BY_NAME: std::sync::LazyLock<std::collections::HashMap<String, &'static Country>> =
        std::sync::LazyLock::new(|| {
            let mut m = std::collections::HashMap::new();
            for c in COUNTRIES.iter() {
                for n in [c.iso2, c.iso3, c.name_en, c.name_de, c.name_fr] {
                    m.entry(n.to_lowercase()).or_insert(c);
                }
            }
            for (alias, iso2) in ALIASES {
                if let Some(c) = country_by_iso2(iso2) {
                    m.entry(alias.to_lowercase()).or_insert(c);
                }
            }
            m
        });
    BY_NAME.get(&value.trim().to_lowercase()).copied()
}

/// Other names in common use.
const ALIASES: &[(&str, &str)] = &[
    ("UK", "GB"),
    ("Great Britain", "GB"),
    ("England", "GB"),
    ("United States of America", "US"),
    ("America", "US"),
    ("Czech Republic", "CZ"),
    ("Holland", "NL"),
    ("The Netherlands", "NL"),
];

macro_rules! countries {
    ($( $iso2:literal $iso3:literal $en:literal $de:literal $fr:literal $cur:literal $call:literal
        $cap:literal $reg:literal $post:literal $iban:literal ;)*) => {
        /// The shared country table.
        pub static COUNTRIES: &[Country] = &[
            $(Country {
                iso2: $iso2, iso3: $iso3, name_en: $en, name_de: $de, name_fr: $fr,
                currency: $cur, calling: $call, capital: $cap, capital_region: $reg,
                postcode: $post, iban: $iban,
            },)*
        ];
    };
}

countries! {
    "US" "USA" "United States" "Vereinigte Staaten" "États-Unis" "USD" "1" "Washington" "District of Columbia" "200##" "";
    "GB" "GBR" "United Kingdom" "Vereinigtes Königreich" "Royaume-Uni" "GBP" "44" "London" "Greater London" "SW% #@@" "@@@@##############";
    "CA" "CAN" "Canada" "Kanada" "Canada" "CAD" "1" "Ottawa" "Ontario" "K%@ #@#" "";
    "AU" "AUS" "Australia" "Australien" "Australie" "AUD" "61" "Canberra" "Australian Capital Territory" "260#" "";
    "DE" "DEU" "Germany" "Deutschland" "Allemagne" "EUR" "49" "Berlin" "Berlin" "10###" "##################";
    "AT" "AUT" "Austria" "Österreich" "Autriche" "EUR" "43" "Vienna" "Vienna" "10%0" "################";
    "CH" "CHE" "Switzerland" "Schweiz" "Suisse" "CHF" "41" "Bern" "Bern" "30%#" "#################";
    "FR" "FRA" "France" "Frankreich" "France" "EUR" "33" "Paris" "Île-de-France" "7500%" "#######################";
    "BE" "BEL" "Belgium" "Belgien" "Belgique" "EUR" "32" "Brussels" "Brussels-Capital Region" "1000" "############";
    "IE" "IRL" "Ireland" "Irland" "Irlande" "EUR" "353" "Dublin" "County Dublin" "D0% @###" "@@@@##############";
    "NZ" "NZL" "New Zealand" "Neuseeland" "Nouvelle-Zélande" "NZD" "64" "Wellington" "Wellington" "60##" "";
    "IN" "IND" "India" "Indien" "Inde" "INR" "91" "New Delhi" "Delhi" "110###" "";
    "ZA" "ZAF" "South Africa" "Südafrika" "Afrique du Sud" "ZAR" "27" "Pretoria" "Gauteng" "00%#" "";
    "NL" "NLD" "Netherlands" "Niederlande" "Pays-Bas" "EUR" "31" "Amsterdam" "North Holland" "10%# @@" "@@@@##########";
    "LU" "LUX" "Luxembourg" "Luxemburg" "Luxembourg" "EUR" "352" "Luxembourg" "Luxembourg" "1%##" "################";
    "IT" "ITA" "Italy" "Italien" "Italie" "EUR" "39" "Rome" "Lazio" "001%#" "@######################";
    "ES" "ESP" "Spain" "Spanien" "Espagne" "EUR" "34" "Madrid" "Community of Madrid" "280%#" "####################";
    "PT" "PRT" "Portugal" "Portugal" "Portugal" "EUR" "351" "Lisbon" "Lisbon" "1%##-###" "#####################";
    "SE" "SWE" "Sweden" "Schweden" "Suède" "SEK" "46" "Stockholm" "Stockholm County" "1%# ##" "####################";
    "NO" "NOR" "Norway" "Norwegen" "Norvège" "NOK" "47" "Oslo" "Oslo" "0%##" "###########";
    "DK" "DNK" "Denmark" "Dänemark" "Danemark" "DKK" "45" "Copenhagen" "Capital Region of Denmark" "1%##" "##############";
    "FI" "FIN" "Finland" "Finnland" "Finlande" "EUR" "358" "Helsinki" "Uusimaa" "00%#0" "##############";
    "IS" "ISL" "Iceland" "Island" "Islande" "ISK" "354" "Reykjavík" "Capital Region" "10%" "######################";
    "PL" "POL" "Poland" "Polen" "Pologne" "PLN" "48" "Warsaw" "Masovia" "0%-###" "########################";
    "CZ" "CZE" "Czechia" "Tschechien" "Tchéquie" "CZK" "420" "Prague" "Prague" "1%# ##" "####################";
    "SK" "SVK" "Slovakia" "Slowakei" "Slovaquie" "EUR" "421" "Bratislava" "Bratislava Region" "8%# ##" "####################";
    "HU" "HUN" "Hungary" "Ungarn" "Hongrie" "HUF" "36" "Budapest" "Budapest" "1%%#" "########################";
    "RO" "ROU" "Romania" "Rumänien" "Roumanie" "RON" "40" "Bucharest" "Bucharest" "0%####" "@@@@################";
    "BG" "BGR" "Bulgaria" "Bulgarien" "Bulgarie" "EUR" "359" "Sofia" "Sofia City" "1%##" "@@@@##############";
    "GR" "GRC" "Greece" "Griechenland" "Grèce" "EUR" "30" "Athens" "Attica" "1%# ##" "#######################";
    "HR" "HRV" "Croatia" "Kroatien" "Croatie" "EUR" "385" "Zagreb" "City of Zagreb" "10%##" "#################";
    "SI" "SVN" "Slovenia" "Slowenien" "Slovénie" "EUR" "386" "Ljubljana" "Central Slovenia" "1000" "###############";
    "EE" "EST" "Estonia" "Estland" "Estonie" "EUR" "372" "Tallinn" "Harju County" "1%###" "################";
    "LV" "LVA" "Latvia" "Lettland" "Lettonie" "EUR" "371" "Riga" "Riga" "LV-10%#" "@@@@#############";
    "LT" "LTU" "Lithuania" "Litauen" "Lituanie" "EUR" "370" "Vilnius" "Vilnius County" "LT-0%###" "################";
    "TR" "TUR" "Turkey" "Türkei" "Turquie" "TRY" "90" "Ankara" "Ankara" "06%##" "######################";
    "UA" "UKR" "Ukraine" "Ukraine" "Ukraine" "UAH" "380" "Kyiv" "Kyiv" "0%###" "#########################";
    "JP" "JPN" "Japan" "Japan" "Japon" "JPY" "81" "Tokyo" "Tokyo" "1%#-####" "";
    "CN" "CHN" "China" "China" "Chine" "CNY" "86" "Beijing" "Beijing" "100###" "";
    "KR" "KOR" "South Korea" "Südkorea" "Corée du Sud" "KRW" "82" "Seoul" "Seoul" "0%###" "";
    "SG" "SGP" "Singapore" "Singapur" "Singapour" "SGD" "65" "Singapore" "Central Region" "0%####" "";
    "MY" "MYS" "Malaysia" "Malaysia" "Malaisie" "MYR" "60" "Kuala Lumpur" "Federal Territory of Kuala Lumpur" "5%###" "";
    "TH" "THA" "Thailand" "Thailand" "Thaïlande" "THB" "66" "Bangkok" "Bangkok" "10%##" "";
    "VN" "VNM" "Vietnam" "Vietnam" "Viêt Nam" "VND" "84" "Hanoi" "Hanoi" "1%0000" "";
    "PH" "PHL" "Philippines" "Philippinen" "Philippines" "PHP" "63" "Manila" "Metro Manila" "10%#" "";
    "ID" "IDN" "Indonesia" "Indonesien" "Indonésie" "IDR" "62" "Jakarta" "Jakarta" "1%###" "";
    "MX" "MEX" "Mexico" "Mexiko" "Mexique" "MXN" "52" "Mexico City" "Mexico City" "0%###" "";
    "BR" "BRA" "Brazil" "Brasilien" "Brésil" "BRL" "55" "Brasília" "Federal District" "70%##-###" "#######################@#";
    "AR" "ARG" "Argentina" "Argentinien" "Argentine" "ARS" "54" "Buenos Aires" "Buenos Aires" "C1%##@@@" "";
    "CL" "CHL" "Chile" "Chile" "Chili" "CLP" "56" "Santiago" "Santiago Metropolitan Region" "8%#####" "";
    "CO" "COL" "Colombia" "Kolumbien" "Colombie" "COP" "57" "Bogotá" "Bogotá" "11%###" "";
    "PE" "PER" "Peru" "Peru" "Pérou" "PEN" "51" "Lima" "Lima" "15%##" "";
    "EG" "EGY" "Egypt" "Ägypten" "Égypte" "EGP" "20" "Cairo" "Cairo" "11%##" "#########################";
    "MA" "MAR" "Morocco" "Marokko" "Maroc" "MAD" "212" "Rabat" "Rabat-Salé-Kénitra" "10%##" "";
    "NG" "NGA" "Nigeria" "Nigeria" "Nigeria" "NGN" "234" "Abuja" "Federal Capital Territory" "900%##" "";
    "KE" "KEN" "Kenya" "Kenia" "Kenya" "KES" "254" "Nairobi" "Nairobi" "00%##" "";
    "IL" "ISR" "Israel" "Israel" "Israël" "ILS" "972" "Jerusalem" "Jerusalem" "9%#####" "###################";
    "SA" "SAU" "Saudi Arabia" "Saudi-Arabien" "Arabie saoudite" "SAR" "966" "Riyadh" "Riyadh Province" "1%###" "####################";
    "TN" "TUN" "Tunisia" "Tunesien" "Tunisie" "TND" "216" "Tunis" "Tunis" "10%#" "####################";
    "SN" "SEN" "Senegal" "Senegal" "Sénégal" "XOF" "221" "Dakar" "Dakar" "1%###" "@@######################";
    "LI" "LIE" "Liechtenstein" "Liechtenstein" "Liechtenstein" "CHF" "423" "Vaduz" "Vaduz" "9490" "#################";
    "MC" "MCO" "Monaco" "Monaco" "Monaco" "EUR" "377" "Monaco" "Monaco" "98000" "#######################";
}

#[cfg(test)]
mod tests {
    use super::*;

    /// IBAN lengths (whole IBAN) of some countries, from the ISO 13616 registry.
    #[rustfmt::skip]
    const IBAN_LENGTHS: &[(&str, usize)] = &[
        ("DE", 22), ("FR", 27), ("GB", 22), ("AT", 20), ("CH", 21), ("BE", 16), ("NL", 18),
        ("IT", 27), ("ES", 24), ("IE", 22), ("PL", 28), ("NO", 15), ("BR", 29), ("SA", 24),
        ("LU", 20), ("PT", 25), ("SE", 24), ("DK", 18), ("FI", 18), ("GR", 27), ("HU", 28),
    ];

    #[test]
    fn countries_are_found_by_code_or_name_in_any_case() {
        for v in ["US", "usa", "United States", "FR", "fra", "France", "Frankreich", "allemagne", "Deutschland"] {
            assert!(country_named(v).is_some(), "{v}");
        }
        assert_eq!(country_named("Deutschland").map(|c| c.iso2), Some("DE"));
        assert_eq!(country_named(" usa ").map(|c| c.iso2), Some("US"));
        assert_eq!(country_named("Czech Republic").map(|c| c.iso2), Some("CZ"));
        assert!(country_named("Atlantis").is_none());
        assert!(country_named("").is_none());
    }

    #[test]
    fn table_is_complete_and_consistent() {
        assert!(COUNTRIES.len() >= 60);
        for (i, c) in COUNTRIES.iter().enumerate() {
            assert!(c.iso2.len() == 2 && c.iso2.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(c.iso3.len() == 3 && c.iso3.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(c.currency.len() == 3 && c.currency.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(!c.calling.is_empty() && c.calling.bytes().all(|b| b.is_ascii_digit()));
            assert!(!c.name_en.is_empty() && !c.name_de.is_empty() && !c.name_fr.is_empty());
            assert!(!c.capital.is_empty() && !c.capital_region.is_empty() && !c.postcode.is_empty());
            for d in &COUNTRIES[..i] {
                assert_ne!(d.iso2, c.iso2);
                assert_ne!(d.iso3, c.iso3);
            }
        }
        for (iso2, len) in IBAN_LENGTHS {
            let c = country_by_iso2(iso2).expect("country");
            assert_eq!(c.iban.len() + 4, *len, "{iso2}");
        }
        assert_eq!(country_by_iso2("DE").map(|c| c.name(Locale::Fr)), Some("Allemagne"));
        assert!(country_by_iso2("XX").is_none());
    }
}
