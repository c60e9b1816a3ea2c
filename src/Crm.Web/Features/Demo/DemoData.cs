using System.Diagnostics;
using System.Globalization;
using System.Text;
using Crm.Web.Infrastructure.Text;

namespace Crm.Web.Features.Demo;

/// <summary>
/// Word lists and small helpers shared by the demo seeders. Domains end in the reserved ".example" TLD and
/// phone numbers are generated, so demo mail can never reach a real inbox.
/// </summary>
public static class DemoData
{
    public static readonly string[] FrenchFirstNames =
    [
        "Éloïse", "Hélène", "François", "Zoé", "Noël", "Chloé", "Léa", "Manon", "Camille", "Inès", "Mathilde", "Céline",
        "Amélie", "Gaëlle", "Anaïs", "Maëlle", "Océane", "Sébastien", "Jérôme", "Frédéric", "Stéphane", "Benoît",
        "Thibault", "Hugo", "Lucas", "Théo", "Raphaël", "Joël", "Gaël", "Loïc", "Aurélien", "Clément", "Élodie",
        "Émilie", "Agnès", "Bérénice", "Louis", "Jean-Baptiste", "Marie-Claire", "Anne-Sophie", "Pierre-Yves",
        "Nathalie", "Isabelle", "Sandrine", "Valérie", "Julien", "Nicolas", "Antoine", "Mathieu", "Guillaume", "Régis",
        "Françoise", "Thérèse", "Cécile", "Laëtitia", "Maïté", "Noémie", "Solène", "Timothée", "Grégoire", "Rémi",
        "Adèle", "Héloïse", "Capucine", "Bastien", "Yannick", "Ophélie", "Cyrille", "Margaux", "Romain", "Pauline",
        "Damien", "Sylvie", "Christophe", "Lucie", "Arnaud", "Juliette", "Maxime", "Claire", "Vincent",
    ];

    public static readonly string[] FrenchLastNames =
    [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
        "Laurent", "Lefèvre", "Michel", "García", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard",
        "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier",
        "Faure", "Rousseau", "Blanc", "Guérin", "Müller", "Henry", "Roussel", "Perrin", "Morin", "Clément", "Gauthier",
        "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire",
        "Duval", "Joly", "Roche", "Noël", "Meyer", "Meunier", "Pérez", "Marchand", "Dufour", "Blanchard", "Barbier",
        "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin", "Renard", "Arnaud", "Rolland", "Caron", "Aubert",
        "Giraud", "Leclerc", "Vidal", "Bourgeois", "Renaud", "Lemoine", "Picard", "Gaillard", "Lacroix", "Fabre",
        "Dupuis", "Olivier", "Da Silva", "Hubert", "Rivière", "Le Gall", "Moulin", "Berger", "Lecomte", "Ménard",
        "Fleury", "Deschamps", "Carpentier", "Bénard", "Maillard", "Aubry", "Vasseur", "Le Roux", "Jacquet", "Prévost",
        "Poirier", "Charpentier", "Huet", "Carré", "Breton", "Rémy", "Schneider", "d'Aubigné", "Béranger",
        "Châtelain", "Lévêque", "Hébert", "Lefèvre-Pontalis", "Œuvrard",
    ];

    public static readonly string[] EnglishFirstNames =
    [
        "Oliver", "Amelia", "Harry", "Isla", "George", "Ava", "Noah", "Mia", "Jack", "Emily", "Charlotte", "James",
        "Sophie", "William", "Grace", "Thomas", "Lucy", "Henry", "Chloe", "Daniel", "Hannah", "Samuel", "Jessica",
        "Joseph", "Ella", "Benjamin", "Olivia", "Edward", "Freya", "Alexander", "Zoë", "Niamh", "Siobhán", "Seán",
        "Eoin", "Rhys", "Dafydd", "Siân", "Renée", "Priya", "Arjun", "Fatima", "Matthew", "Rebecca", "Laura", "Mark",
    ];

    public static readonly string[] EnglishLastNames =
    [
        "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Johnson", "Roberts", "Robinson",
        "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke",
        "Patel", "Jackson", "Wood", "Turner", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "King", "Baker",
        "Harrison", "Morgan", "Allen", "Scott", "Phillips", "Watson", "Parker", "Price", "Bennett", "Young",
        "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw",
        "Murphy", "Miller", "Khan", "Marshall", "Anderson", "Ellis", "Singh", "Foster", "Chapman", "Powell", "Webb",
        "Gray", "Mason", "Hunt", "Campbell", "Owen", "Palmer", "Holmes", "Knight", "Lloyd", "Butler", "Fisher",
        "O'Brien", "O'Connor", "McDonald", "Brontë", "Müller",
    ];

    /// <summary>The French first names above that are women's, for the feminine form of job titles.</summary>
    public static readonly HashSet<string> FrenchWomen =
    [
        "Éloïse", "Hélène", "Zoé", "Chloé", "Léa", "Manon", "Camille", "Inès", "Mathilde", "Céline", "Amélie", "Gaëlle",
        "Anaïs", "Maëlle", "Océane", "Élodie", "Émilie", "Agnès", "Bérénice", "Marie-Claire", "Anne-Sophie", "Nathalie",
        "Isabelle", "Sandrine", "Valérie", "Françoise", "Thérèse", "Cécile", "Laëtitia", "Maïté", "Noémie", "Solène",
        "Adèle", "Héloïse", "Capucine", "Ophélie", "Margaux", "Pauline", "Sylvie", "Lucie", "Juliette", "Claire",
    ];

    /// <summary>French job titles, masculine and feminine.</summary>
    public static readonly (string Man, string Woman)[] FrenchJobTitles =
    [
        ("Directeur général", "Directrice générale"), ("Directeur commercial", "Directrice commerciale"),
        ("Responsable achats", "Responsable achats"), ("Chef de projet", "Cheffe de projet"), ("Comptable", "Comptable"),
        ("Assistant de direction", "Assistante de direction"), ("DSI", "DSI"), ("Responsable marketing", "Responsable marketing"),
        ("Gérant", "Gérante"), ("Ingénieur d'affaires", "Ingénieure d'affaires"), ("Responsable RH", "Responsable RH"),
        ("Acheteur", "Acheteuse"), ("Directeur administratif et financier", "Directrice administrative et financière"),
        ("Responsable logistique", "Responsable logistique"), ("Office manager", "Office manager"),
        ("Responsable qualité", "Responsable qualité"), ("Technicien de maintenance", "Technicienne de maintenance"),
    ];

    public static readonly string[] EnglishJobTitles =
    [
        "Managing Director", "Head of Sales", "Procurement Manager", "Project Manager", "Accountant", "Office Manager",
        "CTO", "Marketing Manager", "Operations Director", "Account Executive", "HR Business Partner", "Buyer",
        "Finance Director", "Supply Chain Manager", "IT Manager", "Quality Lead", "Chief Executive Officer",
    ];

    /// <summary>A few dozen tags shared by contacts and companies.</summary>
    public static readonly string[] Tags =
    [
        "VIP", "Salon 2026", "Newsletter", "Partenaire", "Grand compte", "PME", "Export", "Île-de-France",
        "Auvergne-Rhône-Alpes", "Webinar", "Relance", "Prospect chaud", "Décideur", "Prescripteur", "Churn risk",
        "Upsell", "Renewal 2027", "Event London", "Board member", "Early adopter", "Secteur public", "Santé",
        "Industrie", "Retail", "SaaS", "Finance", "Ambassadeur", "Bêta-testeur", "Trade show", "Key account",
    ];

    public static readonly (string City, string PostalCode, string Phone)[] FrenchCities =
    [
        ("Paris", "75008", "1"), ("Paris", "75011", "1"), ("Paris", "75015", "1"), ("Boulogne-Billancourt", "92100", "1"),
        ("Lyon", "69002", "4"), ("Lyon", "69007", "4"), ("Marseille", "13001", "4"), ("Toulouse", "31000", "5"),
        ("Nantes", "44000", "2"), ("Bordeaux", "33000", "5"), ("Lille", "59000", "3"), ("Strasbourg", "67000", "3"),
        ("Rennes", "35000", "2"), ("Montpellier", "34000", "4"), ("Nice", "06000", "4"), ("Grenoble", "38000", "4"),
        ("Dijon", "21000", "3"), ("Angers", "49000", "2"), ("Reims", "51100", "3"), ("Le Havre", "76600", "2"),
        ("Saint-Étienne", "42000", "4"), ("Clermont-Ferrand", "63000", "4"), ("Aix-en-Provence", "13100", "4"),
        ("Brest", "29200", "2"), ("Tours", "37000", "2"), ("Limoges", "87000", "5"), ("Amiens", "80000", "3"),
        ("Metz", "57000", "3"), ("Besançon", "25000", "3"), ("Orléans", "45000", "2"), ("Rouen", "76000", "2"),
        ("Caen", "14000", "2"), ("Nancy", "54000", "3"), ("Annecy", "74000", "4"), ("Pau", "64000", "5"),
    ];

    public static readonly string[] FrenchStreets =
    [
        "rue de la République", "avenue Jean Jaurès", "boulevard Haussmann", "place Bellecour", "quai des Chartrons",
        "rue Victor Hugo", "avenue des Champs-Élysées", "rue du Faubourg Saint-Honoré", "rue Nationale",
        "boulevard de la Liberté", "rue des Écoles", "allée des Tilleuls", "chemin des Vignes", "rue Pasteur",
        "avenue Général de Gaulle", "rue de l'Église", "impasse des Lilas", "rue Émile Zola", "cours Mirabeau",
    ];

    public static readonly string[] FrenchAddressLine2 = ["Bâtiment B", "3e étage", "ZI des Quatre Chemins", "BP 42", "Parc d'activités du Moulin", "CS 70012"];

    /// <summary>UK cities with their area code; local numbers make a 10-digit national number.</summary>
    public static readonly (string City, string PostalCode, string AreaCode)[] UkCities =
    [
        ("London", "EC1A 1BB", "20"), ("London", "SW1A 2AA", "20"), ("London", "E14 5AB", "20"), ("Manchester", "M1 1AE", "161"),
        ("Birmingham", "B1 1AA", "121"), ("Leeds", "LS1 4AP", "113"), ("Bristol", "BS1 4DJ", "117"), ("Edinburgh", "EH1 1YZ", "131"),
        ("Glasgow", "G1 1XQ", "141"), ("Cambridge", "CB2 1TN", "1223"), ("Oxford", "OX1 2JD", "1865"), ("Liverpool", "L1 8JQ", "151"),
    ];

    public static readonly string[] UkStreets =
    [
        "High Street", "Station Road", "Church Lane", "King's Road", "Victoria Street", "Park Avenue", "Mill Lane",
        "Queen Street", "Market Place", "Baker Street", "Castle Street", "Riverside Way",
    ];

    /// <summary>A trade word, its NAF code and the NAF label as the industry.</summary>
    public static readonly (string Trade, string Naf, string Industry)[] FrenchTrades =
    [
        ("Transports", "49.41A", "Transports routiers de fret"),
        ("Menuiserie", "43.32A", "Travaux de menuiserie bois et PVC"),
        ("Boulangerie", "10.71C", "Boulangerie et boulangerie-pâtisserie"),
        ("Cabinet", "69.20Z", "Activités comptables"),
        ("Éditions", "58.11Z", "Édition de livres"),
        ("Imprimerie", "18.12Z", "Autre imprimerie (labeur)"),
        ("Laboratoires", "21.20Z", "Fabrication de préparations pharmaceutiques"),
        ("Ateliers", "25.62B", "Mécanique industrielle"),
        ("Conseil", "70.22Z", "Conseil pour les affaires et autres conseils de gestion"),
        ("Informatique", "62.01Z", "Programmation informatique"),
        ("Bâtiment", "41.20A", "Construction de maisons individuelles"),
        ("Électricité", "43.21A", "Travaux d'installation électrique"),
        ("Plomberie", "43.22A", "Travaux d'installation d'eau et de gaz"),
        ("Garage", "45.20A", "Entretien et réparation de véhicules automobiles légers"),
        ("Agence", "73.11Z", "Activités des agences de publicité"),
        ("Studio", "74.10Z", "Activités spécialisées de design"),
        ("Domaine", "11.02B", "Vinification"),
        ("Brasserie", "56.10A", "Restauration traditionnelle"),
        ("Fromagerie", "10.51C", "Fabrication de fromage"),
        ("Logistique", "52.29A", "Messagerie, fret express"),
        ("Hôtel", "55.10Z", "Hôtels et hébergement similaire"),
        ("Pharmacie", "47.73Z", "Commerce de détail de produits pharmaceutiques"),
        ("Solutions", "63.11Z", "Traitement de données, hébergement et activités connexes"),
        ("Formation", "85.59A", "Formation continue d'adultes"),
    ];

    public static readonly string[] FrenchBrandRoots =
    [
        "Novatech", "Alpilog", "Hexalis", "Solvéo", "Armorique", "Hélios", "Cévennes", "Azur", "Lumière", "Vercors",
        "Émeraude", "Atlantique", "Provence", "Boréal", "Oréade", "Kerlann", "Celtis", "Opale", "Véga", "Quartz",
    ];

    public static readonly string[] FrenchLegalForms = ["SARL", "SAS", "SAS", "SASU", "SA", "SARL", "EURL"];

    public static readonly (string Word, string Industry)[] UkTrades =
    [
        ("Consulting", "Management consulting"), ("Logistics", "Logistics"), ("Software", "Software development"),
        ("Engineering", "Engineering"), ("Foods", "Food production"), ("Media", "Media"), ("Analytics", "Data analytics"),
        ("Building Services", "Construction"), ("Healthcare", "Healthcare"), ("Capital", "Financial services"),
        ("Design", "Design"), ("Recruitment", "Recruitment"),
    ];

    public static readonly string[] UkBrandRoots =
    [
        "Northbridge", "Thameside", "Kestrel", "Redwood", "Ashford", "Pennine", "Harbour", "Blackwater", "Oakridge",
        "Silverline", "Whitecliff", "Greystone", "Highgate", "Meridian",
    ];

    public static readonly string[] UkLegalForms = ["Ltd", "Ltd", "Ltd", "LLP", "plc"];

    public static readonly string[] PersonalMailDomains = ["orange.example", "free.example", "laposte.example", "gmail.example", "outlook.example"];

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    /// <summary>A uniformly random time between two instants.</summary>
    public static DateTime Between(this Random random, DateTime from, DateTime to) =>
        to <= from ? from : from.AddTicks((long)(random.NextDouble() * (to - from).Ticks));

    /// <summary>The random generator of one seeder: the same --seed gives the same data.</summary>
    public static Random RandomFor(DemoSeedOptions options, int salt) => new(unchecked((options.RandomSeed * 397) ^ salt));

    /// <summary>"Now" for generated times, at the start of the current UTC day so that a seed repeats all day.</summary>
    public static DateTime Today(TimeProvider clock) => DateTime.SpecifyKind(clock.GetUtcNow().UtcDateTime.Date, DateTimeKind.Utc);

    /// <summary>"Cabinet Lefèvre & Fils" → "cabinet-lefevre-fils": the ASCII slug of a name for domains and emails.</summary>
    public static string Slug(string name)
    {
        var key = SearchKey.Normalize(name);
        var builder = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        return builder.ToString().Trim('-');
    }

    /// <summary>A French number as people type it, and its E.164 form built directly (libphonenumber is slow in bulk).</summary>
    public static (string Typed, string E164) FrenchPhone(Random random, string firstDigit)
    {
        var rest = random.Next(0, 100_000_000).ToString("00000000", CultureInfo.InvariantCulture);
        var national = firstDigit + rest;
        var pairs = $"{national[..1]} {national[1..3]} {national[3..5]} {national[5..7]} {national[7..9]}";
        var typed = random.Next(5) switch
        {
            0 => "+33 " + pairs,
            1 => "0" + national,
            2 => ("0" + pairs).Replace(' ', '.'),
            _ => "0" + pairs,
        };
        return (typed, "+33" + national);
    }

    public static (string Typed, string E164) FrenchMobile(Random random) => FrenchPhone(random, random.Chance(0.75) ? "6" : "7");

    /// <summary>A UK number typed in international form (read as French otherwise), and its E.164 form.</summary>
    public static (string Typed, string E164) UkPhone(Random random, string areaCode)
    {
        var localDigits = 10 - areaCode.Length;
        var local = random.Next(0, (int)Math.Pow(10, localDigits)).ToString(new string('0', localDigits), CultureInfo.InvariantCulture);
        if (local[0] == '0')
        {
            local = "4" + local[1..];
        }

        var typed = areaCode.Length == 2
            ? $"+44 {areaCode} {local[..4]} {local[4..]}"
            : $"+44 {areaCode} {local[..3]} {local[3..]}";
        return (typed, "+44" + areaCode + local);
    }

    public static (string Typed, string E164) UkMobile(Random random)
    {
        var digits = random.Next(100_000_000, 1_000_000_000).ToString(CultureInfo.InvariantCulture);
        return ($"+44 7{digits[..3]} {digits[3..]}", "+447" + digits);
    }

    /// <summary>A SIREN with its Luhn key: 8 random digits, then the key.</summary>
    public static string Siren(Random random)
    {
        string body;
        do
        {
            body = random.Next(10_000_000, 100_000_000).ToString(CultureInfo.InvariantCulture);
        }
        while (body.StartsWith("35600000", StringComparison.Ordinal));

        return body + LuhnKey(body);
    }

    /// <summary>SIRET = SIREN + a 4-digit establishment number + the Luhn key of the 14 digits.</summary>
    public static string Siret(string siren, int establishment)
    {
        var body = siren + establishment.ToString("0000", CultureInfo.InvariantCulture);
        return body + LuhnKey(body);
    }

    /// <summary>The digit that makes body + digit pass the Luhn check.</summary>
    public static char LuhnKey(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            // Counting from the right of the full number, the key is position 0, so the body's last digit is doubled.
            var d = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    /// <summary>
    /// Picks indexes 0..count-1 with skewed weights drawn once: a few items get many picks, most a handful, and a
    /// share of them none at all (a company nobody works at yet, a contact never called).
    /// </summary>
    public sealed class WeightedPicker
    {
        private readonly double[] _cumulative;
        private readonly Random _random;

        public WeightedPicker(Random random, int count, double noneShare = 0)
        {
            _random = random;
            _cumulative = new double[count];
            var total = 0.0;
            for (var i = 0; i < count; i++)
            {
                total += random.NextDouble() < noneShare ? 0 : 1 / (0.05 + random.NextDouble());
                _cumulative[i] = total;
            }
        }

        public int Next()
        {
            var x = _random.NextDouble() * _cumulative[^1];
            var index = Array.BinarySearch(_cumulative, x);
            index = index < 0 ? ~index : index + 1;
            return Math.Min(index, _cumulative.Length - 1);
        }
    }

    /// <summary>Prints how far a long seeding is, at most every few seconds and only for big counts.</summary>
    public sealed class Progress(TextWriter output, string what, int total)
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private TimeSpan _lastPrint;

        public async Task ReportAsync(int done)
        {
            if (total < 20_000 || (_watch.Elapsed - _lastPrint < TimeSpan.FromSeconds(3) && done < total))
            {
                return;
            }

            _lastPrint = _watch.Elapsed;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {what}: {done:N0} / {total:N0} ({done / Math.Max(_watch.Elapsed.TotalSeconds, 0.001):N0} rows/s)"));
        }

        public async Task DoneAsync(int done) =>
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {what}: {done:N0} seeded ({done / Math.Max(_watch.Elapsed.TotalSeconds, 0.001):N0} rows/s)"));
    }
}
