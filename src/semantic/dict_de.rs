//! German dictionary: Germany, Austria and (German-speaking) Switzerland.

use super::dict::{City, Dict, Home, G};
use super::Locale;

macro_rules! cities {
    ($( $name:literal $region:literal $code:literal $post:literal $area:literal ;)*) => {
        &[$(City { name: $name, region: $region, region_code: $code, postcode: $post, area: $area },)*]
    };
}

#[rustfmt::skip]
static DE: &[City] = cities! {
    "Berlin" "Berlin" "BE" "10###|12###|13###" "30";
    "Hamburg" "Hamburg" "HH" "20###|22###" "40";
    "München" "Bayern" "BY" "80###|81###" "89";
    "Köln" "Nordrhein-Westfalen" "NW" "50###|51###" "221";
    "Frankfurt am Main" "Hessen" "HE" "603##|604##|605##" "69";
    "Stuttgart" "Baden-Württemberg" "BW" "70###" "711";
    "Düsseldorf" "Nordrhein-Westfalen" "NW" "40###" "211";
    "Leipzig" "Sachsen" "SN" "04###" "341";
    "Dortmund" "Nordrhein-Westfalen" "NW" "44###" "231";
    "Essen" "Nordrhein-Westfalen" "NW" "45###" "201";
    "Bremen" "Bremen" "HB" "28###" "421";
    "Dresden" "Sachsen" "SN" "01###" "351";
    "Hannover" "Niedersachsen" "NI" "30###" "511";
    "Nürnberg" "Bayern" "BY" "90###" "911";
    "Duisburg" "Nordrhein-Westfalen" "NW" "47###" "203";
    "Bochum" "Nordrhein-Westfalen" "NW" "448##" "234";
    "Wuppertal" "Nordrhein-Westfalen" "NW" "42###" "202";
    "Bielefeld" "Nordrhein-Westfalen" "NW" "33###" "521";
    "Bonn" "Nordrhein-Westfalen" "NW" "53###" "228";
    "Münster" "Nordrhein-Westfalen" "NW" "48###" "251";
    "Mannheim" "Baden-Württemberg" "BW" "68###" "621";
    "Karlsruhe" "Baden-Württemberg" "BW" "76###" "721";
    "Augsburg" "Bayern" "BY" "86###" "821";
    "Wiesbaden" "Hessen" "HE" "65###" "611";
    "Mönchengladbach" "Nordrhein-Westfalen" "NW" "41###" "2161";
    "Kiel" "Schleswig-Holstein" "SH" "24###" "431";
    "Aachen" "Nordrhein-Westfalen" "NW" "52###" "241";
    "Magdeburg" "Sachsen-Anhalt" "ST" "39###" "391";
    "Freiburg im Breisgau" "Baden-Württemberg" "BW" "79###" "761";
    "Lübeck" "Schleswig-Holstein" "SH" "23###" "451";
    "Erfurt" "Thüringen" "TH" "99###" "361";
    "Rostock" "Mecklenburg-Vorpommern" "MV" "18###" "381";
    "Mainz" "Rheinland-Pfalz" "RP" "55###" "6131";
    "Kassel" "Hessen" "HE" "34###" "561";
    "Saarbrücken" "Saarland" "SL" "66###" "681";
    "Potsdam" "Brandenburg" "BB" "14###" "331";
    "Regensburg" "Bayern" "BY" "93###" "941";
    "Heidelberg" "Baden-Württemberg" "BW" "69###" "6221";
    "Würzburg" "Bayern" "BY" "97###" "931";
};

#[rustfmt::skip]
static AT: &[City] = cities! {
    "Wien" "Wien" "" "10%0|11%0|12%0" "1";
    "Graz" "Steiermark" "" "80%0" "316";
    "Linz" "Oberösterreich" "" "40%0" "732";
    "Salzburg" "Salzburg" "" "50%0" "662";
    "Innsbruck" "Tirol" "" "60%0" "512";
};

#[rustfmt::skip]
static CH: &[City] = cities! {
    "Zürich" "Zürich" "ZH" "80%#" "44";
    "Bern" "Bern" "BE" "30%#" "31";
    "Basel" "Basel-Stadt" "BS" "40%#" "61";
    "Luzern" "Luzern" "LU" "600%" "41";
    "St. Gallen" "St. Gallen" "SG" "900%" "71";
};

/// The German dictionary.
#[rustfmt::skip]
pub(crate) static DICT: Dict = Dict {
    locale: Locale::De,
    homes: &[
        Home {
            iso2: "DE",
            weight: 0.84,
            cities: DE,
            company_suffixes: &["GmbH", "GmbH", "AG", "KG", "GmbH & Co. KG", "e.K.", "OHG"],
        },
        Home { iso2: "AT", weight: 0.08, cities: AT, company_suffixes: &["GmbH", "AG", "KG"] },
        Home { iso2: "CH", weight: 0.08, cities: CH, company_suffixes: &["AG", "GmbH"] },
    ],
    male: &[
        "Thomas", "Michael", "Andreas", "Stefan", "Christian", "Peter", "Klaus", "Wolfgang",
        "Jürgen", "Frank", "Markus", "Martin", "Uwe", "Matthias", "Alexander", "Daniel",
        "Sebastian", "Tobias", "Florian", "Jan", "Dirk", "Holger", "Bernd", "Ralf", "Jörg",
        "Sven", "Torsten", "Tim", "Lukas", "Jonas", "Leon", "Felix", "Maximilian", "Paul",
        "Elias", "Noah", "Finn", "Ben", "Luca", "Moritz", "Niklas", "Philipp", "Julian",
        "Fabian", "Simon", "David", "Johannes", "Benjamin", "Patrick", "Dennis", "Marcel",
        "Kevin", "Dominik", "Oliver", "Marco", "Karl", "Heinz", "Günter", "Dieter", "Manfred",
        "Helmut", "Gerhard", "Horst", "Werner", "Hans", "Friedrich", "Ulrich", "Reinhard",
        "Rainer", "Volker", "Norbert", "Axel", "Jens", "Björn", "Lars", "Kai", "Nils", "Till",
        "Henrik", "Emil", "Anton", "Jakob", "Theo", "Oskar", "Mathis", "Malte", "Hannes",
        "Konstantin",
    ],
    female: &[
        "Sabine", "Petra", "Monika", "Andrea", "Claudia", "Susanne", "Birgit", "Karin",
        "Gabriele", "Ursula", "Stefanie", "Julia", "Katharina", "Anna", "Laura", "Lena", "Lea",
        "Sarah", "Hannah", "Mia", "Emma", "Sophie", "Marie", "Lisa", "Johanna", "Leonie", "Lina",
        "Clara", "Amelie", "Charlotte", "Ida", "Greta", "Frieda", "Mila", "Emilia", "Luisa",
        "Paula", "Nele", "Jana", "Franziska", "Christina", "Nicole", "Sandra", "Tanja", "Silke",
        "Heike", "Anja", "Kerstin", "Melanie", "Jessica", "Vanessa", "Kathrin", "Martina",
        "Angelika", "Renate", "Helga", "Brigitte", "Ingrid", "Elke", "Gisela", "Erika",
        "Hildegard", "Waltraud", "Doris", "Bärbel", "Jutta", "Antje", "Ines", "Britta", "Maren",
        "Svenja", "Annika", "Carina", "Miriam", "Theresa", "Verena", "Lara", "Marlene",
        "Jasmin", "Nina", "Pia", "Jule", "Ronja", "Käthe", "Lotte", "Helene",
    ],
    last: &[
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
        "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
        "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann",
        "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
        "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn",
        "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler",
        "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon",
        "Ludwig", "Böhm", "Winter", "Kraus", "Martin", "Schumacher", "Krämer", "Vogt", "Stein",
        "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt", "Haas", "Schreiber",
        "Graf", "Schulte", "Dietrich", "Ziegler", "Kuhn", "Kühn", "Pohl", "Engel", "Horn",
        "Busch", "Bergmann", "Thomas", "Voigt", "Sauer", "Arnold", "Wolff", "Pfeiffer", "Ernst",
        "Lindner", "Hübner", "Kramer", "Franz", "Jansen", "Hauser", "Kaufmann", "Brinkmann",
        "Ritter", "Seifert", "Bachmann", "Kolb", "Sattler", "Stahl", "Dreyer", "Kurz", "Reuter",
        "Böttcher", "Gerlach", "Brandl", "Fritz", "Hensel", "Wendt", "Eckert", "Thiel", "Lutz",
        "Heller", "Blum", "Böhme", "Schilling", "Hesse", "Riedel", "Haase", "Ulrich", "Witt",
        "Marx", "Nowak", "Kessler", "Petersen", "Kirchner", "Reinhardt", "Wiegand", "Rausch",
        "Sander", "Jahn", "Dittrich", "Engelhardt", "Mertens", "Voß", "Hofer", "Gruber",
        "Steiner", "Moser", "Wimmer", "Egger", "Brunner", "Baumgartner", "Frei", "Gerber",
        "Widmer",
    ],
    streets: &[
        "Hauptstraße", "Bahnhofstraße", "Schulstraße", "Gartenstraße", "Dorfstraße",
        "Bergstraße", "Lindenstraße", "Kirchstraße", "Waldstraße", "Ringstraße",
        "Goethestraße", "Schillerstraße", "Mozartstraße", "Beethovenstraße", "Friedrichstraße",
        "Wilhelmstraße", "Lessingstraße", "Feldstraße", "Wiesenstraße", "Rosenweg", "Birkenweg",
        "Lindenweg", "Ahornweg", "Eichenweg", "Am Markt", "Marktplatz", "Am Bahnhof",
        "Kastanienallee", "Parkstraße", "Mühlenweg", "Sonnenstraße", "Talstraße", "Poststraße",
        "Industriestraße", "Neue Straße", "Rathausplatz", "Kantstraße", "Uhlandstraße",
        "Blumenstraße", "Breite Straße", "Lange Straße", "Hafenstraße", "Am Anger",
        "Heinrich-Heine-Straße", "Brückenstraße",
    ],
    jobs: &[
        ("Softwareentwickler", "Softwareentwicklerin"), ("Projektleiter", "Projektleiterin"),
        ("Buchhalter", "Buchhalterin"), ("Vertriebsmitarbeiter", "Vertriebsmitarbeiterin"),
        ("Marketingmanager", "Marketingmanagerin"), ("Pflegefachmann", "Pflegefachfrau"),
        ("Lehrer", "Lehrerin"), ("Grafikdesigner", "Grafikdesignerin"),
        ("Industriekaufmann", "Industriekauffrau"), ("Bankkaufmann", "Bankkauffrau"),
        ("Elektriker", "Elektrikerin"), ("Maschinenbauingenieur", "Maschinenbauingenieurin"),
        ("Bauingenieur", "Bauingenieurin"), ("Produktmanager", "Produktmanagerin"),
        ("Datenanalyst", "Datenanalystin"), ("Systemadministrator", "Systemadministratorin"),
        ("Berater", "Beraterin"), ("Apotheker", "Apothekerin"), ("Architekt", "Architektin"),
        ("Rechtsanwalt", "Rechtsanwältin"), ("Steuerberater", "Steuerberaterin"),
        ("Personalreferent", "Personalreferentin"), ("Einkäufer", "Einkäuferin"),
        ("Fachkraft für Lagerlogistik", ""), ("Geschäftsführer", "Geschäftsführerin"),
        ("Teamleiter", "Teamleiterin"), ("Sachbearbeiter", "Sachbearbeiterin"),
        ("Kundenberater", "Kundenberaterin"), ("Koch", "Köchin"), ("Erzieher", "Erzieherin"),
        ("Physiotherapeut", "Physiotherapeutin"), ("Mechatroniker", "Mechatronikerin"),
        ("Webentwickler", "Webentwicklerin"), ("Controller", "Controllerin"),
        ("Redakteur", "Redakteurin"), ("Zahnarzt", "Zahnärztin"), ("Arzt", "Ärztin"),
    ],
    company_prefixes: &[
        "Nord", "Süd", "West", "Ost", "Alpen", "Rhein", "Elb", "Main", "Donau", "Harz", "Isar",
        "Spree", "Hansa", "Stern", "Sonnen", "Berg", "Wald", "Blau", "Grün", "Stadt",
    ],
    company_nouns: &[
        "Logistik", "Technik", "Bau", "Werke", "Handel", "Energie", "Systeme", "Medien",
        "Consult", "Software", "Maschinenbau", "Immobilien", "Versicherung", "Elektro", "Druck",
        "Transport", "Service", "Metall", "Holz", "Optik",
    ],
    company_templates: &["{L} {N}", "{L} & {L2}", "{P}{n}", "{P}{n}", "{L} {N}", "{L}"],
    words: &[
        "Haus", "Garten", "Stadt", "Wasser", "Zeit", "Tag", "Abend", "Morgen", "Weg", "Fenster",
        "Tisch", "Buch", "Brief", "Freund", "Familie", "Straße", "Wald", "Fluss", "Berg", "See",
        "Sommer", "Winter", "Licht", "Musik", "Arbeit", "Schule", "Frage", "Antwort", "Idee",
        "Reise", "Küche", "Brücke", "Bahnhof", "Bild", "Stimme", "Markt", "Kaffee", "Brot",
        "Blume", "Dorf", "Welt", "Himmel", "Land", "Insel", "Geschichte", "Nachricht",
        "Zukunft", "Wetter", "Projekt", "Plan", "Hafen", "Lied", "bringt", "findet", "macht",
        "nimmt", "baut", "hält", "öffnet", "trägt", "schreibt", "liest", "sucht", "zeigt",
        "folgt", "erklärt", "entdeckt", "teilt", "lernt", "kennt", "beginnt", "bleibt",
        "wartet", "fährt", "sieht", "hört", "plant", "ruhig", "hell", "früh", "spät", "klein",
        "groß", "schnell", "langsam", "grün", "warm", "kalt", "einfach", "stark", "sorgfältig",
        "glücklich", "klar", "sanft", "modern", "frisch", "ehrlich", "neu", "alt", "golden",
        "fern", "leise", "bunt",
    ],
    filler: &[
        "und", "oder", "aber", "immer", "oft", "nie", "wieder", "bald", "fast", "heute",
        "dort", "hier", "mit", "ohne", "über", "unter", "durch", "nach", "vor", "zwischen",
        "jeden", "viele", "einige", "der", "die", "das", "ein", "eine", "nicht", "auch", "sehr",
    ],
    product_adjectives: &[
        ("ergonomisch", ""), ("rustikal", ""), ("elegant", ""), ("kompakt", ""), ("robust", ""),
        ("leicht", ""), ("handgefertigt", ""), ("modern", ""), ("klassisch", ""),
        ("praktisch", ""), ("tragbar", ""), ("faltbar", ""), ("wasserdicht", ""),
        ("kabellos", ""), ("smart", ""), ("schlicht", ""), ("verstellbar", ""),
        ("nachhaltig", ""), ("hochwertig", ""), ("stabil", ""), ("flach", ""), ("warm", ""),
        ("weich", ""), ("bequem", ""), ("stilvoll", ""), ("schick", ""), ("formschön", ""),
        ("langlebig", ""), ("zeitlos", ""), ("handlich", ""),
    ],
    product_nouns: &[
        ("Stuhl", G::M), ("Tisch", G::M), ("Lampe", G::F), ("Rucksack", G::M),
        ("Flasche", G::F), ("Becher", G::M), ("Tastatur", G::F), ("Maus", G::F),
        ("Kopfhörer", G::M), ("Lautsprecher", G::M), ("Uhr", G::F), ("Geldbörse", G::F),
        ("Jacke", G::F), ("Turnschuh", G::M), ("Decke", G::F), ("Kissen", G::N),
        ("Schreibtisch", G::M), ("Regal", G::N), ("Fahrrad", G::N), ("Zelt", G::N),
        ("Notizbuch", G::N), ("Stift", G::M), ("Wasserkocher", G::M), ("Toaster", G::M),
        ("Messer", G::N), ("Teller", G::M), ("Schüssel", G::F), ("Vase", G::F),
        ("Wecker", G::M), ("Regenschirm", G::M), ("Sonnenbrille", G::F), ("Schal", G::M),
        ("Ladegerät", G::N), ("Kamera", G::F), ("Sofa", G::N), ("Handtuch", G::N),
    ],
    materials: &[
        "Holz", "Stahl", "Baumwolle", "Leder", "Granit", "Bambus", "Keramik", "Glas", "Kupfer",
        "Leinen", "Wolle", "Aluminium", "Marmor", "Gummi", "Beton", "Kunststoff",
    ],
    colors: &[
        "Rot", "Blau", "Grün", "Gelb", "Orange", "Lila", "Rosa", "Braun", "Schwarz", "Weiß",
        "Grau", "Marineblau", "Türkis", "Olivgrün", "Bordeaux", "Beige", "Lavendel",
        "Karminrot", "Gold", "Silber", "Elfenbein", "Koralle", "Indigo", "Mintgrün",
        "Anthrazit",
    ],
};
