//! French dictionary: France, Belgium (Wallonia and Brussels) and (French-speaking)
//! Switzerland.

use super::dict::{City, Dict, Home, G};
use super::Locale;

macro_rules! cities {
    ($( $name:literal $region:literal $code:literal $post:literal $area:literal ;)*) => {
        &[$(City { name: $name, region: $region, region_code: $code, postcode: $post, area: $area },)*]
    };
}

#[rustfmt::skip]
static FR: &[City] = cities! {
    "Paris" "Île-de-France" "IDF" "7500%|7501#" "1";
    "Marseille" "Provence-Alpes-Côte d'Azur" "PAC" "1300%|1301#" "4";
    "Lyon" "Auvergne-Rhône-Alpes" "ARA" "6900%" "4";
    "Toulouse" "Occitanie" "OCC" "31000|31100|31200|31300|31400|31500" "5";
    "Nice" "Provence-Alpes-Côte d'Azur" "PAC" "06000|06100|06200|06300" "4";
    "Nantes" "Pays de la Loire" "PDL" "44000|44100|44200|44300" "2";
    "Montpellier" "Occitanie" "OCC" "34000|34070|34080|34090" "4";
    "Strasbourg" "Grand Est" "GES" "67000|67100|67200" "3";
    "Bordeaux" "Nouvelle-Aquitaine" "NAQ" "33000|33100|33200|33300|33800" "5";
    "Lille" "Hauts-de-France" "HDF" "59000|59160|59260|59777|59800" "3";
    "Rennes" "Bretagne" "BRE" "35000|35200|35700" "2";
    "Reims" "Grand Est" "GES" "51100" "3";
    "Toulon" "Provence-Alpes-Côte d'Azur" "PAC" "83000|83100|83200" "4";
    "Saint-Étienne" "Auvergne-Rhône-Alpes" "ARA" "42000|42100" "4";
    "Le Havre" "Normandie" "NOR" "76600|76610|76620" "2";
    "Grenoble" "Auvergne-Rhône-Alpes" "ARA" "38000|38100" "4";
    "Dijon" "Bourgogne-Franche-Comté" "BFC" "21000" "3";
    "Angers" "Pays de la Loire" "PDL" "49000|49100" "2";
    "Nîmes" "Occitanie" "OCC" "30000|30900" "4";
    "Villeurbanne" "Auvergne-Rhône-Alpes" "ARA" "69100" "4";
    "Clermont-Ferrand" "Auvergne-Rhône-Alpes" "ARA" "63000|63100" "4";
    "Le Mans" "Pays de la Loire" "PDL" "72000|72100" "2";
    "Aix-en-Provence" "Provence-Alpes-Côte d'Azur" "PAC" "13080|13090|13100|13290" "4";
    "Brest" "Bretagne" "BRE" "29200" "2";
    "Tours" "Centre-Val de Loire" "CVL" "37000|37100|37200" "2";
    "Amiens" "Hauts-de-France" "HDF" "80000|80080|80090" "3";
    "Limoges" "Nouvelle-Aquitaine" "NAQ" "87000|87100|87280" "5";
    "Annecy" "Auvergne-Rhône-Alpes" "ARA" "74000|74370|74600|74940" "4";
    "Perpignan" "Occitanie" "OCC" "66000|66100" "4";
    "Metz" "Grand Est" "GES" "57000|57050|57070" "3";
    "Besançon" "Bourgogne-Franche-Comté" "BFC" "25000" "3";
    "Orléans" "Centre-Val de Loire" "CVL" "45000|45100" "2";
    "Rouen" "Normandie" "NOR" "76000|76100" "2";
    "Caen" "Normandie" "NOR" "14000" "2";
    "Nancy" "Grand Est" "GES" "54000|54100" "3";
    "Ajaccio" "Corse" "COR" "20000|20090" "4";
    "Avignon" "Provence-Alpes-Côte d'Azur" "PAC" "84000" "4";
    "Poitiers" "Nouvelle-Aquitaine" "NAQ" "86000" "5";
    "La Rochelle" "Nouvelle-Aquitaine" "NAQ" "17000" "5";
    "Pau" "Nouvelle-Aquitaine" "NAQ" "64000" "5";
};

#[rustfmt::skip]
static BE: &[City] = cities! {
    "Bruxelles" "Bruxelles-Capitale" "BRU" "1000|1020|1030|1040|1050|1060" "2";
    "Liège" "Wallonie" "WAL" "4000|4020|4030" "4";
    "Namur" "Wallonie" "WAL" "5000|5100" "81";
    "Charleroi" "Wallonie" "WAL" "6000|6010|6020" "71";
};

#[rustfmt::skip]
static CH: &[City] = cities! {
    "Genève" "Genève" "GE" "120%" "22";
    "Lausanne" "Vaud" "VD" "100%|101%" "21";
    "Neuchâtel" "Neuchâtel" "NE" "2000" "32";
    "Fribourg" "Fribourg" "FR" "1700" "26";
    "Sion" "Valais" "VS" "1950" "27";
};

/// The French dictionary.
#[rustfmt::skip]
pub(crate) static DICT: Dict = Dict {
    locale: Locale::Fr,
    homes: &[
        Home { iso2: "FR", weight: 0.84, cities: FR, company_suffixes: &["SA", "SARL", "SAS", "EURL", "SASU"] },
        Home { iso2: "BE", weight: 0.08, cities: BE, company_suffixes: &["SA", "SRL", "SC"] },
        Home { iso2: "CH", weight: 0.08, cities: CH, company_suffixes: &["SA", "Sàrl"] },
    ],
    male: &[
        "Jean", "Pierre", "Michel", "André", "Philippe", "Alain", "Jacques", "Bernard",
        "Patrick", "Daniel", "Christophe", "Nicolas", "Laurent", "Frédéric", "Stéphane", "Éric",
        "Olivier", "Thierry", "Pascal", "David", "Julien", "Sébastien", "Guillaume", "Vincent",
        "Maxime", "Antoine", "Thomas", "Alexandre", "Romain", "Mathieu", "Jérôme", "François",
        "Claude", "Gérard", "René", "Louis", "Lucas", "Hugo", "Gabriel", "Léo", "Raphaël",
        "Arthur", "Jules", "Adam", "Nathan", "Ethan", "Paul", "Noah", "Tom", "Théo", "Sacha",
        "Mathis", "Enzo", "Clément", "Quentin", "Benjamin", "Baptiste", "Florian", "Kévin",
        "Damien", "Jean-Pierre", "Jean-Luc", "Jean-Marc", "Yves", "Henri", "Marcel", "Roger",
        "Georges", "Serge", "Gilles", "Didier", "Fabrice", "Ludovic", "Arnaud", "Cédric", "Loïc",
        "Gaël", "Aurélien", "Adrien", "Valentin", "Victor", "Martin", "Bastien", "Timothée",
    ],
    female: &[
        "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Monique",
        "Christine", "Valérie", "Sandrine", "Sophie", "Céline", "Stéphanie", "Aurélie", "Julie",
        "Camille", "Émilie", "Laure", "Claire", "Anne", "Hélène", "Martine", "Nicole",
        "Chantal", "Brigitte", "Véronique", "Patricia", "Caroline", "Virginie", "Élodie",
        "Mélanie", "Audrey", "Léa", "Manon", "Chloé", "Emma", "Jade", "Louise", "Alice", "Lina",
        "Rose", "Anna", "Inès", "Léna", "Juliette", "Zoé", "Lucie", "Margaux", "Clara", "Sarah",
        "Pauline", "Marine", "Océane", "Mathilde", "Charlotte", "Élise", "Agathe", "Capucine",
        "Gabrielle", "Jeanne", "Marguerite", "Madeleine", "Simone", "Odile", "Colette",
        "Josiane", "Danielle", "Jacqueline", "Geneviève", "Agnès", "Béatrice", "Corinne",
        "Delphine", "Karine", "Laetitia", "Maëlle", "Clémence", "Noémie", "Justine", "Amandine",
        "Coralie", "Solène", "Anaïs", "Morgane",
    ],
    last: &[
        "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois",
        "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand",
        "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau",
        "Vincent", "Muller", "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin",
        "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin",
        "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier",
        "Masson", "Marchand", "Duval", "Denis", "Dumont", "Lemaire", "Noël", "Meyer", "Dufour",
        "Meunier", "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet",
        "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard", "Roche", "Renard", "Schmitt",
        "Roy", "Leroux", "Colin", "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert",
        "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe", "Bourgeois", "Pierre",
        "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte",
        "Lopez", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis",
        "Moulin", "Louis", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury",
        "Royer", "Klein", "Jacquet", "Adam", "Paris", "Poirier", "Marty", "Aubry", "Guyot",
        "Carré", "Charles", "Renault", "Charpentier", "Ménard", "Maillard", "Baron", "Bertin",
        "Bailly", "Hervé", "Schneider", "Fernandez", "Le Gall", "Collet", "Léger", "Bouvier",
        "Julien", "Prévost", "Millet", "Perrot", "Le Roux", "Cousin", "Germain", "Breton",
        "Besson", "Langlois", "Rémy", "Le Goff", "Pelletier", "Lévêque", "Perrier", "Leblanc",
        "Barré", "Lebrun", "Marchal", "Weber", "Mallet", "Hamon", "Boulanger", "Jacob",
        "Monnier", "Michaud", "Guichard", "Gillet", "Étienne", "Grondin", "Poulain", "Tessier",
        "Chauvin", "Da Silva", "Bouchet", "Lemaître", "Bénard", "Janssens", "Favre", "Rochat",
        "Perret", "N'Diaye", "D'Amico",
    ],
    streets: &[
        "rue de la Paix", "rue Victor Hugo", "rue de la République", "rue Jean Jaurès",
        "avenue Jean Moulin", "boulevard Gambetta", "rue Pasteur", "rue du Moulin",
        "rue des Écoles", "rue de l'Église", "place de la Mairie", "rue du Château",
        "avenue de la Gare", "rue des Lilas", "rue des Roses", "chemin des Vignes",
        "rue Nationale", "rue du Commerce", "boulevard de la Liberté", "rue Émile Zola",
        "rue Voltaire", "rue Jules Ferry", "avenue Foch", "avenue du Général de Gaulle",
        "rue Gustave Eiffel", "rue Saint-Martin", "rue Saint-Michel", "rue des Jardins",
        "rue de la Fontaine", "allée des Tilleuls", "impasse des Acacias", "rue du Stade",
        "rue de Verdun", "rue Carnot", "boulevard Victor Hugo", "rue La Fayette",
        "place du Marché", "rue de Paris", "route de Lyon", "rue Molière", "rue Racine",
        "quai de la Loire",
    ],
    jobs: &[
        ("Développeur logiciel", "Développeuse logiciel"), ("Chef de projet", "Cheffe de projet"),
        ("Comptable", ""), ("Commercial", "Commerciale"), ("Responsable marketing", ""),
        ("Infirmier", "Infirmière"), ("Enseignant", "Enseignante"), ("Graphiste", ""),
        ("Ingénieur mécanique", "Ingénieure mécanique"), ("Ingénieur civil", "Ingénieure civile"),
        ("Chef de produit", "Cheffe de produit"), ("Analyste de données", ""),
        ("Administrateur système", "Administratrice système"), ("Consultant", "Consultante"),
        ("Pharmacien", "Pharmacienne"), ("Architecte", ""), ("Électricien", "Électricienne"),
        ("Avocat", "Avocate"), ("Expert-comptable", "Experte-comptable"),
        ("Chargé de recrutement", "Chargée de recrutement"), ("Acheteur", "Acheteuse"),
        ("Directeur général", "Directrice générale"),
        ("Directeur financier", "Directrice financière"),
        ("Assistant de direction", "Assistante de direction"),
        ("Conseiller clientèle", "Conseillère clientèle"), ("Cuisinier", "Cuisinière"),
        ("Éducateur", "Éducatrice"), ("Kinésithérapeute", ""),
        ("Technicien de maintenance", "Technicienne de maintenance"), ("Journaliste", ""),
        ("Médecin", ""), ("Boulanger", "Boulangère"), ("Vendeur", "Vendeuse"),
        ("Logisticien", "Logisticienne"), ("Contrôleur de gestion", "Contrôleuse de gestion"),
    ],
    company_prefixes: &[
        "Atlantique", "Méditerranée", "Alpes", "Provence", "Azur", "Horizon", "Étoile",
        "Lumière", "Océan", "Soleil", "Nord", "Sud", "Central", "Avenir", "Confluence",
        "Vallée", "Cap", "Phare", "Héritage", "Rivage",
    ],
    company_nouns: &[
        "Conseil", "Services", "Transports", "Immobilier", "Informatique", "Bâtiment",
        "Distribution", "Logistique", "Industries", "Énergie", "Médias", "Technologies",
        "Finance", "Ingénierie", "Assurances", "Automobiles", "Électricité", "Communication",
        "Habitat", "Voyages",
    ],
    company_templates: &["{L} {N}", "{N} {L}", "{L} et Fils", "{L} & {L2}", "{P} {N}", "{P} {N}"],
    words: &[
        "maison", "jardin", "ville", "eau", "temps", "jour", "soir", "matin", "chemin",
        "fenêtre", "table", "livre", "lettre", "ami", "famille", "rue", "forêt", "rivière",
        "montagne", "lac", "été", "hiver", "lumière", "musique", "travail", "école", "question",
        "réponse", "idée", "voyage", "cuisine", "pont", "gare", "image", "voix", "marché",
        "café", "pain", "fleur", "village", "monde", "ciel", "pays", "île", "histoire",
        "nouvelle", "avenir", "projet", "plan", "saison", "port", "chanson", "apporte",
        "trouve", "fait", "prend", "construit", "garde", "ouvre", "porte", "écrit", "lit",
        "cherche", "montre", "suit", "explique", "découvre", "partage", "apprend", "connaît",
        "commence", "reste", "attend", "regarde", "écoute", "choisit", "prépare", "calme",
        "clair", "petit", "grand", "rapide", "lent", "vert", "chaud", "froid", "simple", "fort",
        "heureux", "doux", "moderne", "frais", "honnête", "nouveau", "ancien", "beau", "léger",
        "lointain", "tranquille", "doré",
    ],
    filler: &[
        "et", "ou", "mais", "toujours", "souvent", "jamais", "encore", "bientôt", "presque",
        "aujourd'hui", "là", "ici", "avec", "sans", "sur", "sous", "par", "après", "avant",
        "entre", "chaque", "plusieurs", "quelques", "le", "la", "les", "un", "une", "des",
        "du", "aussi", "très",
    ],
    product_adjectives: &[
        ("ergonomique", ""), ("rustique", ""), ("élégant", "élégante"), ("compact", "compacte"),
        ("robuste", ""), ("léger", "légère"), ("artisanal", "artisanale"), ("moderne", ""),
        ("classique", ""), ("pratique", ""), ("portable", ""), ("pliable", ""),
        ("étanche", ""), ("sans fil", ""), ("intelligent", "intelligente"),
        ("raffiné", "raffinée"), ("minimaliste", ""), ("réglable", ""), ("durable", ""),
        ("haut de gamme", ""), ("confortable", ""), ("chic", ""), ("vintage", ""),
        ("solide", ""), ("doux", "douce"), ("lumineux", "lumineuse"), ("naturel", "naturelle"),
        ("recyclé", "recyclée"), ("isotherme", ""), ("élancé", "élancée"),
    ],
    product_nouns: &[
        ("chaise", G::F), ("table", G::F), ("lampe", G::F), ("sac à dos", G::M),
        ("bouteille", G::F), ("tasse", G::F), ("clavier", G::M), ("souris", G::F),
        ("casque", G::M), ("enceinte", G::F), ("montre", G::F), ("portefeuille", G::M),
        ("veste", G::F), ("chaussure", G::F), ("couverture", G::F), ("coussin", G::M),
        ("bureau", G::M), ("étagère", G::F), ("vélo", G::M), ("tente", G::F),
        ("carnet", G::M), ("stylo", G::M), ("bouilloire", G::F), ("grille-pain", G::M),
        ("couteau", G::M), ("assiette", G::F), ("bol", G::M), ("vase", G::M),
        ("horloge", G::F), ("parapluie", G::M), ("écharpe", G::F), ("chargeur", G::M),
        ("appareil photo", G::M), ("canapé", G::M), ("serviette", G::F),
    ],
    materials: &[
        "bois", "acier", "coton", "cuir", "granit", "bambou", "céramique", "verre", "cuivre",
        "lin", "laine", "aluminium", "marbre", "caoutchouc", "béton", "plastique",
    ],
    colors: &[
        "rouge", "bleu", "vert", "jaune", "orange", "violet", "rose", "marron", "noir", "blanc",
        "gris", "bleu marine", "turquoise", "vert olive", "bordeaux", "beige", "lavande",
        "cramoisi", "doré", "argenté", "ivoire", "corail", "indigo", "vert menthe",
        "anthracite",
    ],
};
