//! English dictionary: United States, United Kingdom, Canada and Australia.

use super::dict::{City, Dict, Home, G};
use super::Locale;

macro_rules! cities {
    ($( $name:literal $region:literal $code:literal $post:literal $area:literal ;)*) => {
        &[$(City { name: $name, region: $region, region_code: $code, postcode: $post, area: $area },)*]
    };
}

#[rustfmt::skip]
static US: &[City] = cities! {
    "New York" "New York" "NY" "100##|101##|112##" "212";
    "Los Angeles" "California" "CA" "900##" "213";
    "Chicago" "Illinois" "IL" "606##" "312";
    "Houston" "Texas" "TX" "770##" "713";
    "Phoenix" "Arizona" "AZ" "850##" "602";
    "Philadelphia" "Pennsylvania" "PA" "191##" "215";
    "San Antonio" "Texas" "TX" "782##" "210";
    "San Diego" "California" "CA" "921##" "619";
    "Dallas" "Texas" "TX" "752##" "214";
    "Austin" "Texas" "TX" "787##" "512";
    "Jacksonville" "Florida" "FL" "322##" "904";
    "San Francisco" "California" "CA" "941##" "415";
    "Columbus" "Ohio" "OH" "432##" "614";
    "Seattle" "Washington" "WA" "981##" "206";
    "Denver" "Colorado" "CO" "802##" "303";
    "Boston" "Massachusetts" "MA" "021##" "617";
    "Nashville" "Tennessee" "TN" "372##" "615";
    "Portland" "Oregon" "OR" "972##" "503";
    "Atlanta" "Georgia" "GA" "303##" "404";
    "Miami" "Florida" "FL" "331##" "305";
    "Minneapolis" "Minnesota" "MN" "554##" "612";
    "New Orleans" "Louisiana" "LA" "701##" "504";
    "Salt Lake City" "Utah" "UT" "841##" "801";
    "Kansas City" "Missouri" "MO" "641##" "816";
    "Detroit" "Michigan" "MI" "482##" "313";
};

#[rustfmt::skip]
static GB: &[City] = cities! {
    "London" "Greater London" "" "SW% #@@|SE% #@@|N% #@@|E% #@@|W% #@@|NW% #@@|EC%@ #@@|WC%@ #@@" "20";
    "Manchester" "Greater Manchester" "" "M% #@@|M%# #@@" "161";
    "Birmingham" "West Midlands" "" "B% #@@|B%# #@@" "121";
    "Leeds" "West Yorkshire" "" "LS% #@@|LS%# #@@" "113";
    "Liverpool" "Merseyside" "" "L% #@@|L%# #@@" "151";
    "Bristol" "Bristol" "" "BS% #@@|BS%# #@@" "117";
    "Sheffield" "South Yorkshire" "" "S% #@@|S%# #@@" "114";
    "Newcastle upon Tyne" "Tyne and Wear" "" "NE% #@@" "191";
    "Nottingham" "Nottinghamshire" "" "NG% #@@" "115";
    "Leicester" "Leicestershire" "" "LE% #@@" "116";
    "Edinburgh" "Scotland" "" "EH% #@@|EH%# #@@" "131";
    "Glasgow" "Scotland" "" "G% #@@|G%# #@@" "141";
    "Cardiff" "Wales" "" "CF%# #@@" "29";
    "Belfast" "Northern Ireland" "" "BT% #@@" "28";
    "Oxford" "Oxfordshire" "" "OX% #@@" "1865";
    "Cambridge" "Cambridgeshire" "" "CB% #@@" "1223";
    "Brighton" "East Sussex" "" "BN% #@@" "1273";
    "York" "North Yorkshire" "" "YO%# #@@" "1904";
    "Southampton" "Hampshire" "" "SO%# #@@" "23";
};

#[rustfmt::skip]
static CA: &[City] = cities! {
    "Toronto" "Ontario" "ON" "M%@ #@#" "416";
    "Vancouver" "British Columbia" "BC" "V%@ #@#" "604";
    "Montreal" "Quebec" "QC" "H%@ #@#" "514";
    "Calgary" "Alberta" "AB" "T%@ #@#" "403";
    "Ottawa" "Ontario" "ON" "K%@ #@#" "613";
};

#[rustfmt::skip]
static AU: &[City] = cities! {
    "Sydney" "New South Wales" "NSW" "20##|21##" "2";
    "Melbourne" "Victoria" "VIC" "30##|31##" "3";
    "Brisbane" "Queensland" "QLD" "40##|41##" "7";
    "Perth" "Western Australia" "WA" "60##|61##" "8";
    "Adelaide" "South Australia" "SA" "50##|51##" "8";
};

/// The English dictionary.
#[rustfmt::skip]
pub(crate) static DICT: Dict = Dict {
    locale: Locale::En,
    homes: &[
        Home { iso2: "US", weight: 0.62, cities: US, company_suffixes: &["Inc.", "LLC", "Corp.", "Co."] },
        Home { iso2: "GB", weight: 0.28, cities: GB, company_suffixes: &["Ltd", "PLC", "LLP"] },
        Home { iso2: "CA", weight: 0.05, cities: CA, company_suffixes: &["Inc.", "Ltd."] },
        Home { iso2: "AU", weight: 0.05, cities: AU, company_suffixes: &["Pty Ltd"] },
    ],
    male: &[
        "James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas",
        "Charles", "Christopher", "Daniel", "Matthew", "Anthony", "Mark", "Donald", "Steven",
        "Paul", "Andrew", "Joshua", "Kenneth", "Kevin", "Brian", "George", "Timothy", "Ronald",
        "Edward", "Jason", "Jeffrey", "Ryan", "Jacob", "Gary", "Nicholas", "Eric", "Jonathan",
        "Stephen", "Larry", "Justin", "Scott", "Brandon", "Benjamin", "Samuel", "Gregory",
        "Alexander", "Frank", "Patrick", "Raymond", "Jack", "Dennis", "Jerry", "Tyler", "Aaron",
        "Jose", "Adam", "Nathan", "Henry", "Douglas", "Zachary", "Peter", "Kyle", "Ethan",
        "Walter", "Noah", "Jeremy", "Christian", "Keith", "Roger", "Terry", "Gerald", "Harold",
        "Sean", "Austin", "Carl", "Arthur", "Lawrence", "Dylan", "Jesse", "Jordan", "Bryan",
        "Billy", "Joe", "Bruce", "Gabriel", "Logan", "Albert", "Alan", "Oliver", "Harry",
        "Oscar", "Liam", "Lucas", "Mason", "Owen", "Callum", "Connor", "Rhys", "Declan",
    ],
    female: &[
        "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica",
        "Sarah", "Karen", "Lisa", "Nancy", "Betty", "Margaret", "Sandra", "Ashley", "Kimberly",
        "Emily", "Donna", "Michelle", "Carol", "Amanda", "Dorothy", "Melissa", "Deborah",
        "Stephanie", "Rebecca", "Sharon", "Laura", "Cynthia", "Kathleen", "Amy", "Angela",
        "Shirley", "Anna", "Brenda", "Pamela", "Emma", "Nicole", "Helen", "Samantha",
        "Katherine", "Christine", "Debra", "Rachel", "Carolyn", "Janet", "Catherine", "Maria",
        "Heather", "Diane", "Ruth", "Julie", "Olivia", "Joyce", "Virginia", "Victoria", "Kelly",
        "Lauren", "Christina", "Joan", "Evelyn", "Judith", "Megan", "Andrea", "Cheryl",
        "Hannah", "Jacqueline", "Martha", "Gloria", "Teresa", "Ann", "Sara", "Madison",
        "Frances", "Kathryn", "Janice", "Jean", "Abigail", "Alice", "Judy", "Sophia", "Grace",
        "Denise", "Amber", "Doris", "Marilyn", "Danielle", "Beverly", "Isabella", "Theresa",
        "Diana", "Natalie", "Brittany", "Charlotte", "Marie", "Kayla", "Alexis", "Lori",
        "Chloe", "Sophie", "Amelia", "Isla", "Poppy", "Siobhan",
    ],
    last: &[
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
        "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
        "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
        "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen",
        "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams",
        "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
        "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins",
        "Reyes", "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez",
        "Ortiz", "Morgan", "Cooper", "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos",
        "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks", "Chavez", "Wood", "James",
        "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez", "Castillo",
        "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez", "Powell", "Jenkins",
        "Perry", "Russell", "Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes",
        "Fisher", "Vasquez", "Simmons", "Romero", "Jordan", "Patterson", "Alexander",
        "Hamilton", "Graham", "Reynolds", "Griffin", "Wallace", "Moreno", "West", "Cole",
        "Hayes", "Bryant", "Herrera", "Gibson", "Ellis", "Tran", "Medina", "Aguilar", "Stevens",
        "Murray", "Ford", "Castro", "Marshall", "Owens", "Harrison", "Fernandez", "McDonald",
        "Woods", "Washington", "Kennedy", "Wells", "Vargas", "Henry", "Chen", "Freeman", "Webb",
        "Tucker", "Burns", "Crawford", "Olson", "Simpson", "Porter", "Hunter", "Gordon", "Shaw",
        "Snyder", "Mason", "Dixon", "Hunt", "Hicks", "Holmes", "Palmer", "Wagner", "Black",
        "Robertson", "Boyd", "Rose", "Stone", "Fox", "Warren", "Mills", "Meyer", "Rice",
        "Daniels", "Ferguson", "Nichols", "Stephens", "Weaver", "Ryan", "Gardner", "Payne",
        "Grant", "Dunn", "Spencer", "Hawkins", "Arnold", "Pierce", "Hansen", "Peters", "Hart",
        "Bradley", "Knight", "Elliott", "Cunningham", "Duncan", "Armstrong", "Hudson", "Carroll",
        "Lane", "Riley", "Andrews", "O'Brien", "O'Connor", "MacLeod", "Davies", "Lloyd",
    ],
    streets: &[
        "Main Street", "High Street", "Church Street", "Park Road", "Maple Avenue", "Oak Lane",
        "Elm Street", "Cedar Drive", "Pine Street", "Washington Avenue", "Lake Road",
        "Hill Street", "Station Road", "Victoria Road", "Green Lane", "Mill Lane",
        "School Lane", "Kings Road", "Queen Street", "New Road", "Spring Street",
        "Sunset Boulevard", "River Road", "Chestnut Street", "Walnut Street", "Willow Way",
        "Highland Avenue", "Lincoln Avenue", "Franklin Street", "Jefferson Street",
        "Madison Avenue", "Grove Road", "Manor Road", "Orchard Lane", "Meadow Drive",
        "Forest Avenue", "Bridge Street", "Mill Road", "North Street", "West Street",
        "Harbor View Drive", "Cherry Lane", "Birch Close", "Albert Road", "York Road",
    ],
    jobs: &[
        ("Software Engineer", ""), ("Data Analyst", ""), ("Project Manager", ""),
        ("Accountant", ""), ("Sales Representative", ""), ("Marketing Manager", ""),
        ("Customer Service Representative", ""), ("Registered Nurse", ""), ("Teacher", ""),
        ("Graphic Designer", ""), ("Operations Manager", ""), ("Financial Analyst", ""),
        ("Human Resources Specialist", ""), ("Office Manager", ""), ("Mechanical Engineer", ""),
        ("Civil Engineer", ""), ("Product Manager", ""), ("Business Analyst", ""),
        ("Web Developer", ""), ("Systems Administrator", ""), ("Consultant", ""),
        ("Pharmacist", ""), ("Architect", ""), ("Electrician", ""), ("Paralegal", ""),
        ("Executive Assistant", ""), ("Logistics Coordinator", ""), ("Account Executive", ""),
        ("Chief Financial Officer", ""), ("Chief Executive Officer", ""),
        ("Research Scientist", ""), ("QA Tester", ""), ("Store Manager", ""),
        ("Copywriter", ""), ("Recruiter", ""), ("Physiotherapist", ""), ("Social Worker", ""),
        ("Chef", ""), ("Dental Hygienist", ""), ("UX Designer", ""),
    ],
    company_prefixes: &[
        "Global", "United", "Pacific", "Atlantic", "Northern", "Summit", "Pioneer", "Apex",
        "Silver", "Blue Ridge", "Red Oak", "Evergreen", "Horizon", "Liberty", "Eagle",
        "Keystone", "Granite", "Riverside", "Sterling", "Premier",
    ],
    company_nouns: &[
        "Systems", "Solutions", "Logistics", "Industries", "Holdings", "Partners", "Consulting",
        "Technologies", "Foods", "Media", "Energy", "Capital", "Labs", "Networks", "Supply",
        "Manufacturing", "Health", "Analytics", "Design", "Group",
    ],
    company_templates: &["{L} {N}", "{L} & {L2}", "{P} {N}", "{P} {N}", "{L} {N}", "{L}"],
    words: &[
        "time", "people", "water", "house", "garden", "river", "morning", "window", "story",
        "light", "city", "market", "music", "paper", "friend", "family", "table", "street",
        "evening", "summer", "winter", "letter", "mountain", "country", "school", "office",
        "answer", "question", "idea", "project", "journey", "kitchen", "forest", "island",
        "bridge", "station", "picture", "voice", "road", "season", "weather", "coffee", "bread",
        "flower", "village", "world", "sky", "harbor", "dinner", "book", "song", "door",
        "make", "take", "find", "bring", "build", "keep", "follow", "open", "carry", "watch",
        "write", "read", "move", "start", "hold", "share", "learn", "remember", "return",
        "change", "visit", "offer", "choose", "explain", "discover", "wait", "listen", "plan",
        "quiet", "bright", "early", "late", "small", "large", "quick", "slow", "green", "warm",
        "cold", "simple", "strong", "careful", "happy", "clear", "gentle", "busy", "modern",
        "local", "fresh", "honest", "steady", "new", "old", "calm", "golden", "distant",
    ],
    filler: &[
        "the", "a", "and", "or", "but", "always", "often", "never", "again", "soon", "almost",
        "today", "there", "here", "with", "without", "over", "under", "through", "after",
        "before", "between", "every", "many", "some", "not", "also", "very", "our", "their",
    ],
    product_adjectives: &[
        ("Ergonomic", ""), ("Rustic", ""), ("Sleek", ""), ("Compact", ""), ("Durable", ""),
        ("Lightweight", ""), ("Handcrafted", ""), ("Vintage", ""), ("Modern", ""),
        ("Classic", ""), ("Premium", ""), ("Portable", ""), ("Elegant", ""), ("Practical", ""),
        ("Refined", ""), ("Smart", ""), ("Wireless", ""), ("Foldable", ""), ("Waterproof", ""),
        ("Heavy-Duty", ""), ("Deluxe", ""), ("Minimalist", ""), ("Adjustable", ""),
        ("Recycled", ""), ("Organic", ""), ("Insulated", ""), ("Stackable", ""),
        ("Cordless", ""), ("Ultra-Slim", ""), ("Essential", ""),
    ],
    product_nouns: &[
        ("Chair", G::N), ("Table", G::N), ("Lamp", G::N), ("Backpack", G::N), ("Bottle", G::N),
        ("Mug", G::N), ("Keyboard", G::N), ("Mouse", G::N), ("Headphones", G::N),
        ("Speaker", G::N), ("Watch", G::N), ("Wallet", G::N), ("Jacket", G::N),
        ("Sneakers", G::N), ("Blanket", G::N), ("Pillow", G::N), ("Desk", G::N),
        ("Shelf", G::N), ("Bicycle", G::N), ("Tent", G::N), ("Notebook", G::N), ("Pen", G::N),
        ("Kettle", G::N), ("Toaster", G::N), ("Knife", G::N), ("Plate", G::N), ("Bowl", G::N),
        ("Vase", G::N), ("Clock", G::N), ("Umbrella", G::N), ("Sunglasses", G::N),
        ("Scarf", G::N), ("Charger", G::N), ("Camera", G::N),
    ],
    materials: &[
        "Wooden", "Steel", "Cotton", "Leather", "Granite", "Bamboo", "Ceramic", "Glass",
        "Copper", "Linen", "Wool", "Aluminum", "Marble", "Rubber", "Concrete", "Plastic",
    ],
    colors: &[
        "red", "blue", "green", "yellow", "orange", "purple", "pink", "brown", "black", "white",
        "gray", "navy", "teal", "olive", "maroon", "beige", "turquoise", "lavender", "crimson",
        "gold", "silver", "ivory", "coral", "indigo", "mint",
    ],
};
