using System.Globalization;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Imports;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>A contact's values read from an import row.</summary>
public sealed record ParsedContact(
    string FirstName,
    string LastName,
    string? JobTitle,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Phones,
    string? CompanyName,
    ContactStatus? Status,
    string? Language)
{
    public string? Civility { get; init; }

    public Address Address { get; init; } = new();

    public string? Description { get; init; }

    public LifecycleStage? Stage { get; init; }

    public string? LeadSource { get; init; }

    /// <summary>When the contact was created in the tool the file comes from (UTC); only a new contact takes it.</summary>
    public DateTime? CreatedAt { get; init; }

    /// <summary>The marketing consent the row gives, when (UTC; the import's time when the row has none) and where it was given.</summary>
    public ConsentState? Consent { get; init; }

    public DateTime? ConsentAt { get; init; }

    public string? ConsentSource { get; init; }

    /// <summary>The keys the row is matched and registered under, computed once per row (phones' E.164 above all).</summary>
    internal ContactKeys Keys { get; init; } = ContactKeys.None;
}

/// <summary>A row's normalised emails, its phones' E.164 forms (null where a phone has none), its company's and names' search keys.</summary>
internal sealed record ContactKeys(IReadOnlyList<string> Emails, IReadOnlyList<string?> Phones, string Company, string Last, string First)
{
    public static ContactKeys None { get; } = new([], [], string.Empty, string.Empty, string.Empty);
}

/// <summary>
/// How contacts are imported: the columns (with the French and English headers that name them) and the row importer.
/// A row is a duplicate of a contact the user can see with the same normalised email or E.164 phone; a similar name at
/// the same company alone makes it a possible duplicate, imported as new and left to the duplicates page. The company column finds the company by name or
/// creates it. New contacts are written in bulk (<see cref="ContactBulkInsert"/>).
/// </summary>
public static class ContactImport
{
    /// <summary>The keys of the columns, stored in a job's mapping.</summary>
    public static class Columns
    {
        public const string FirstName = "FirstName";
        public const string LastName = "LastName";
        public const string FullName = "FullName";
        public const string Email = "Email";
        public const string Phone = "Phone";
        public const string Mobile = "Mobile";
        public const string JobTitle = "JobTitle";
        public const string Company = "Company";
        public const string Status = "Status";
        public const string Language = "Language";
        public const string Civility = "Civility";
        public const string Street = "Street";
        public const string Street2 = "Street2";
        public const string PostalCode = "PostalCode";
        public const string City = "City";
        public const string Country = "Country";
        public const string Description = "Description";
        public const string LifecycleStage = "LifecycleStage";
        public const string LeadSource = "LeadSource";
        public const string Consent = "Consent";
        public const string ConsentDate = "ConsentDate";
        public const string ConsentSource = "ConsentSource";
    }

    public static RecordImport<Contact> Declare() => new()
    {
        Title = "Import contacts",
        ListLink = "Go to contacts",
        MatchRule = "A contact matches when it has the same email or phone. A similar name at the same company alone makes it a possible duplicate: it is imported as a new contact and listed for review.",
        TakesVCards = true,
        Layouts = ImportLayouts.Of(ContactKind.Key),
        PreviewHeaders = ["First name", "Last name", "Email", "Phone", "Company"],
        Create = context => new Importer(context),
        Fields =
        [
            ImportField.Id(),
            new(Columns.FirstName, "First name", "prenom", "firstname", "first", "givenname", "forename", "prenoms") { Field = nameof(Contact.FirstName) },
            new(Columns.LastName, "Last name", "nom", "lastname", "last", "surname", "familyname", "nomdefamille", "nomdusage")
            {
                Field = nameof(Contact.LastName), Required = true, Missing = "Choose the column that holds the last name (or the full name).",
            },
            new(Columns.FullName, "Full name (first and last)", "nomcomplet", "fullname", "name", "contact", "nomprenom", "prenomnom", "displayname") { Fills = Columns.LastName },
            new(Columns.Email, "Email", "email", "mail", "courriel", "adresseemail", "emailaddress", "adressemail", "adressecourriel", "adresseelectronique", "emailprincipal", "primaryemail", "emails")
            {
                Field = nameof(Contact.Emails), ManyColumns = true,
            },
            new(Columns.Phone, "Phone", "telephone", "tel", "phone", "phonenumber", "telephonefixe", "telfixe", "fixe", "businessphone", "workphone", "telephonebureau", "telbureau", "telephoneprofessionnel", "phones", "telephones")
            {
                Field = nameof(Contact.Phones), ManyColumns = true,
            },
            new(Columns.Mobile, "Mobile", "portable", "mobile", "mobilephone", "cell", "cellphone", "telportable", "telephoneportable", "telephonemobile", "telmobile", "gsm")
            {
                Field = nameof(Contact.Phones), ManyColumns = true,
            },
            new(Columns.JobTitle, "Job title", "fonction", "poste", "jobtitle", "title", "titre", "role", "intituledeposte") { Field = nameof(Contact.JobTitle) },
            new(Columns.Company, "Company", "societe", "entreprise", "company", "companyname", "organisation", "organization", "raisonsociale", "account", "accountname", "compte", "employeur", "nomdelentreprise", "nomdelasociete")
            {
                Field = nameof(Contact.CompanyId),
            },
            ImportField.Tags(nameof(Contact.Tags)),
            ImportField.Status(nameof(Contact.Status)),
            ImportField.Owner(nameof(Contact.OwnerId)),
            ImportField.Team(nameof(Contact.TeamId)),
            new(Columns.Language, "Preferred language", "langue", "language", "preferredlanguage", "languepreferee") { Field = nameof(Contact.PreferredLanguage) },
            new(Columns.Civility, "Civility", "civilite", "civility", "salutation", "prefix", "nameprefix", "titredecivilite") { Field = nameof(Contact.Civility) },
            new(Columns.Street, "Street address", "adresse", "address", "rue", "street", "adresse1", "address1", "addressline1", "streetaddress", "adressepostale")
            {
                Field = "Address.Line1",
            },
            new(Columns.Street2, "Address line 2", "addressline2", "address2", "adresse2", "complementdadresse", "adresseligne2") { Field = "Address.Line2" },
            new(Columns.PostalCode, "Postal code", "codepostal", "cp", "postalcode", "zip", "zipcode", "postcode") { Field = "Address.PostalCode" },
            new(Columns.City, "City", "ville", "city", "commune", "town", "localite") { Field = "Address.City" },
            new(Columns.Country, "Country", "pays", "country", "countryregion") { Field = "Address.Country" },
            new(Columns.Description, "Description", "description", "notes", "note", "commentaire", "commentaires", "remarques", "comments") { Field = nameof(Contact.Description) },
            new(Columns.LifecycleStage, "Lifecycle stage", "lifecyclestage", "cycledevie", "etapeducycledevie", "stade") { Field = nameof(Contact.LifecycleStage) },
            new(Columns.LeadSource, "Lead source", "leadsource", "source", "originalsource", "origine", "provenance", "sourcedelead", "canal", "canaldacquisition")
            {
                Field = nameof(Contact.LeadSource),
            },
            new(Columns.Consent, "Marketing consent", "marketingconsent", "consentementmarketing", "consent", "consentement", "optin", "consentementrgpd", "gdprconsent", "emailoptin")
            {
                Field = nameof(Contact.Consent),
            },
            new(Columns.ConsentDate, "Consent date", "consentdate", "dateduconsentement", "dateconsentement", "datedeconsentement", "consentgivenat", "consentedat")
            {
                Field = nameof(Contact.ConsentAt),
            },
            new(Columns.ConsentSource, "Consent source", "consentsource", "origineduconsentement", "sourceduconsentement", "sourceconsentement", "origineconsentement")
            {
                Field = nameof(Contact.ConsentSource),
            },
            ImportField.Created(),
        ],
    };

    /// <summary>A consent state in English or French, as Crm's export writes it ("Not asked", "Refusé"), or as a yes/no opt-in column.</summary>
    public static ConsentState? ReadConsent(string key) => key switch
    {
        "granted" or "accorde" or "accordee" or "given" or "donne" or "yes" or "oui" or "true" or "optin" or "optedin" => ConsentState.Granted,
        "refused" or "denied" or "refuse" or "refusee" or "no" or "non" or "false" or "optout" or "optedout" => ConsentState.Denied,
        "withdrawn" or "retire" or "retiree" or "revoked" or "revoque" => ConsentState.Withdrawn,
        "notasked" or "nondemande" or "unknown" or "inconnu" or "inconnue" => ConsentState.Unknown,
        _ => null,
    };

    public static ContactStatus? ReadStatus(string key) => key switch
    {
        "active" or "actif" => ContactStatus.Active,
        "inactive" or "inactif" => ContactStatus.Inactive,
        "donotcontact" or "nepascontacter" or "nepasrelancer" or "optout" => ContactStatus.DoNotContact,
        _ => Enum.TryParse<ContactStatus>(key, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(key, out _) ? s : null,
    };

    /// <summary>A lifecycle stage in English or French, or as HubSpot writes it ("marketingqualifiedlead").</summary>
    public static LifecycleStage? ReadStage(string key) => key switch
    {
        "subscriber" or "abonne" => LifecycleStage.Subscriber,
        "lead" or "piste" => LifecycleStage.Lead,
        "marketingqualified" or "marketingqualifiedlead" or "mql" or "pistequalifieemarketing" => LifecycleStage.MarketingQualified,
        "salesqualified" or "salesqualifiedlead" or "sql" or "pistequalifieecommerciale" => LifecycleStage.SalesQualified,
        "opportunity" or "opportunite" => LifecycleStage.Opportunity,
        "customer" or "client" or "cliente" => LifecycleStage.Customer,
        "evangelist" or "ambassadeur" or "ambassadrice" => LifecycleStage.Evangelist,
        "other" or "autre" => LifecycleStage.Other,
        _ => null,
    };

    private sealed class Importer(ImportContext context) : RowImporter<Contact, ParsedContact>(context)
    {
        private readonly Lookup<KnownRecord<Contact>> _byEmail = new();
        private readonly Lookup<KnownRecord<Contact>> _byPhone = new();
        private readonly Lookup<(KnownRecord<Contact> Record, string FirstKey)> _byName = new();
        private readonly Lookup<KnownRecord<Company>> _companies = new();

        /// <summary>Search keys of names and companies already normalised: a file repeats them row after row.</summary>
        private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

        private const int MaxRememberedKeys = 100_000;

        /// <summary>Contacts the batch creates: written by <see cref="WriteCreatedAsync"/>, not tracked by EF.</summary>
        private readonly List<Contact> _created = [];

        private static RecordFields Fields => Contact.Kind.Fields;

        protected override IEnumerable<IBatchLookup> Lookups => [_byEmail, _byPhone, _byName, _companies];

        protected override ParsedContact Parse(SourceRow row, List<string> errors)
        {
            var first = Parser.Get(row, Columns.FirstName);
            var last = Parser.Get(row, Columns.LastName);
            if (last is null && Parser.Get(row, Columns.FullName) is { } full)
            {
                var space = full.LastIndexOf(' ');
                (first, last) = space > 0 ? (first ?? full[..space].Trim(), full[(space + 1)..]) : (first, full);
            }

            if (last is null)
            {
                errors.Add(L["The last name is missing."]);
            }

            var emails = ImportRowParser.SplitList(Parser.Get(row, Columns.Email), ';', ',');
            foreach (var email in emails.Where(e => !ImportRowParser.IsEmail(e)))
            {
                errors.Add(string.Format(CultureInfo.CurrentCulture, L["\"{0}\" is not a valid email address."], email));
            }

            var phones = ImportRowParser.SplitList(Parser.Get(row, Columns.Phone), ';').Concat(ImportRowParser.SplitList(Parser.Get(row, Columns.Mobile), ';')).Distinct().ToList();
            var status = Parser.Status(row, Columns.Status, ReadStatus, errors);
            var company = Parser.Get(row, Columns.Company);
            var contact = new ParsedContact(first ?? string.Empty, last ?? string.Empty, Parser.Get(row, Columns.JobTitle), emails, phones,
                company, status, Parser.Get(row, Columns.Language))
            {
                Keys = new ContactKeys(
                    emails.ConvertAll(SearchKey.NormalizeEmail), phones.ConvertAll(p => PhoneNumber.ToE164(p)), Key(company), Key(last), Key(first)),
                Civility = Parser.Get(row, Columns.Civility),
                Address = new()
                {
                    Line1 = Parser.Get(row, Columns.Street), Line2 = Parser.Get(row, Columns.Street2), PostalCode = Parser.Get(row, Columns.PostalCode),
                    City = Parser.Get(row, Columns.City), Country = Parser.Get(row, Columns.Country),
                },
                Description = Parser.Get(row, Columns.Description),
                Stage = Parser.Status(row, Columns.LifecycleStage, ReadStage, errors),
                LeadSource = Parser.Get(row, Columns.LeadSource),
                CreatedAt = Parser.Maps(ImportField.CreatedKey) ? Parser.CreationDate(row, ImportField.CreatedKey, Context.Clock.GetUtcNow().UtcDateTime, Context.Time, errors) : null,
                Consent = Parser.Choice(row, Columns.Consent, ReadConsent, errors, "\"{0}\" is not a consent: write granted, refused, withdrawn or not asked."),
                ConsentAt = Parser.Maps(Columns.ConsentDate) ? Parser.PastDate(row, Columns.ConsentDate, Context.Clock.GetUtcNow().UtcDateTime, Context.Time, errors, "The consent date {0} is in the future.") : null,
                ConsentSource = Parser.Get(row, Columns.ConsentSource),
            };


            // A date or an origin says when and where a consent was given: without the consent itself it says nothing.
            if (Parser.Get(row, Columns.Consent) is null && (contact.ConsentAt is not null || contact.ConsentSource is not null))
            {
                errors.Add(L["A consent date or source needs the consent itself (granted, refused or withdrawn)."]);
            }

            Parser.Length(errors, Fields[nameof(Contact.FirstName)], contact.FirstName);
            Parser.Length(errors, Fields[nameof(Contact.LastName)], contact.LastName);
            Parser.Length(errors, Fields[nameof(Contact.JobTitle)], contact.JobTitle);
            Parser.Length(errors, Company.Kind.Fields[nameof(Company.Name)], contact.CompanyName, L["Company"]);
            Parser.Length(errors, Fields[nameof(Contact.PreferredLanguage)], contact.Language);
            Parser.Length(errors, Fields[nameof(Contact.Civility)], contact.Civility);
            Parser.Length(errors, Fields["Address.Line1"], contact.Address.Line1);
            Parser.Length(errors, Fields["Address.Line2"], contact.Address.Line2);
            Parser.Length(errors, Fields["Address.PostalCode"], contact.Address.PostalCode);
            Parser.Length(errors, Fields["Address.City"], contact.Address.City);
            Parser.Length(errors, Fields["Address.Country"], contact.Address.Country);
            Parser.Length(errors, Fields[nameof(Contact.Description)], contact.Description);
            Parser.Length(errors, Fields[nameof(Contact.LeadSource)], contact.LeadSource);
            Parser.Length(errors, Fields[nameof(Contact.ConsentSource)], contact.ConsentSource);
            emails.ForEach(e => Parser.Length(errors, Fields[nameof(Contact.Emails)], e));
            phones.ForEach(p => Parser.Length(errors, Fields[nameof(Contact.Phones)], p));
            return contact;
        }

        protected override IReadOnlyList<string?> PreviewValues(ParsedContact c) =>
            [c.FirstName, c.LastName, string.Join(", ", c.Emails), string.Join(", ", c.Phones), c.CompanyName];

        protected override async Task LoadMatchesAsync(IQueryable<Contact> visible, CancellationToken ct)
        {
            var records = new Dictionary<int, KnownRecord<Contact>>();
            await foreach (var c in visible
                               .Select(c => new { c.Id, c.OwnerId, c.TeamId, c.FirstNameKey, c.LastNameKey, CompanyKey = c.Company != null ? c.Company.NameKey : null })
                               .AsAsyncEnumerable().WithCancellation(ct))
            {
                var record = Known(c.Id, c.OwnerId, c.TeamId, c.LastNameKey);
                records[c.Id] = record;
                if (c.CompanyKey is { Length: > 0 } && c.LastNameKey.Length > 0)
                {
                    _byName.Load(NameKey(c.CompanyKey, c.LastNameKey), (record, c.FirstNameKey));
                }
            }

            await foreach (var e in (from e in Db.ContactEmails join c in visible on e.ContactId equals c.Id select new { e.AddressKey, e.ContactId })
                               .AsAsyncEnumerable().WithCancellation(ct))
            {
                _byEmail.Load(e.AddressKey, records[e.ContactId]);
            }

            await foreach (var p in (from p in Db.ContactPhones join c in visible on p.ContactId equals c.Id where p.E164 != null select new { p.E164, p.ContactId })
                               .AsAsyncEnumerable().WithCancellation(ct))
            {
                _byPhone.Load(p.E164, records[p.ContactId]);
            }

            await foreach (var c in Db.Companies.AsNoTracking().VisibleTo(User).OrderBy(c => c.Id).Select(c => new { c.Id, c.NameKey })
                               .AsAsyncEnumerable().WithCancellation(ct))
            {
                _companies.Load(c.NameKey, new KnownRecord<Company>(c.Id, null, true));
            }
        }

        protected override RecordMatch<Contact>? FindMatch(ParsedContact contact)
        {
            var keys = contact.Keys;
            foreach (var key in keys.Emails)
            {
                if (_byEmail.Find(key) is { } byEmail)
                {
                    return new(byEmail, L["Same email"]);
                }
            }

            foreach (var key in keys.Phones)
            {
                if (_byPhone.Find(key) is { } byPhone)
                {
                    return new(byPhone, L["Same phone"]);
                }
            }

            // Namesakes at one company are common (a father and son, two "Martin"s): a name alone never merges or
            // skips a row, it only flags the pair for review.

            if (keys.Company.Length > 0)
            {
                foreach (var (record, first) in _byName.All(NameKey(keys.Company, keys.Last)))
                {
                    if (NameSimilarity.Similar(first, keys.First))
                    {
                        return new(record, L["Similar name at the same company"], Possible: true);
                    }
                }
            }

            return null;
        }

        protected override string NameKey(ParsedContact contact) => contact.Keys.Last;

        /// <summary><see cref="SearchKey.Normalize"/>, remembered for the values a file repeats (first names, companies).</summary>
        private string Key(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return string.Empty;
            }

            if (!_keys.TryGetValue(value, out var key))
            {
                key = SearchKey.Normalize(value);
                if (_keys.Count < MaxRememberedKeys)
                {
                    _keys[value] = key;
                }
            }

            return key;
        }

        private static string NameKey(string companyKey, string lastKey) => companyKey + "\u001f" + lastKey;

        protected override void Register(KnownRecord<Contact> record, ParsedContact contact, bool created)
        {
            var keys = contact.Keys;
            foreach (var key in keys.Emails)
            {
                _byEmail.Register(key, record);
            }

            foreach (var key in keys.Phones)
            {
                _byPhone.Register(key, record);
            }

            if (created && keys.Company.Length > 0 && keys.Last.Length > 0)
            {
                _byName.Register(NameKey(keys.Company, keys.Last), (record, keys.First), alongside: true);
            }
        }

        protected override Contact Create(ParsedContact p, ImportOwner owner)
        {
            var contact = new Contact
            {
                FirstName = p.FirstName,
                LastName = p.LastName,
                JobTitle = p.JobTitle,
                Status = p.Status ?? ContactStatus.Active,
                PreferredLanguage = p.Language,
                Civility = p.Civility,
                Address = p.Address,
                Description = p.Description,
                LifecycleStage = p.Stage ?? LifecycleStage.Lead,
                LeadSource = p.LeadSource,
                CreatedAt = p.CreatedAt ?? default,
                OwnerId = owner.Id,
                TeamId = owner.TeamId,
            };

            // Added straight to the lists: the keys and the primary email are computed once, when the contact is written.
            if (p.Consent is { } consent)
            {
                contact.SetConsent(consent, p.ConsentAt ?? Context.Clock.GetUtcNow().UtcDateTime, p.ConsentSource);
            }

            // The phones' E.164 forms were computed when the row was read; the bulk insert keeps them.
            contact.Emails.AddRange(p.Emails.Select(e => new ContactEmail { Address = e }));
            contact.Phones.AddRange(p.Phones.Select((n, i) => new ContactPhone { Number = n, E164 = p.Keys.Phones[i] }));
            SetCompany(contact, p.CompanyName, owner, p.Keys.Company);
            return contact;
        }

        protected override void Add(Contact record) => _created.Add(record);

        /// <summary>After EF saved the batch's companies, tags and updates: inserts the new contacts in the same transaction.</summary>
        public override async Task WriteCreatedAsync(CancellationToken ct)
        {
            await ContactBulkInsert.WriteAsync(Db, _created, User.Id, Context.Clock.GetUtcNow().UtcDateTime, Context.Changes.CorrelationId, ct, phoneKeysSet: true);
            _created.Clear();
        }

        protected override IQueryable<Contact> ForUpdate(IQueryable<Contact> records) =>
            records.Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Tags).AsSplitQuery();

        protected override void Update(Contact contact, ParsedContact p, ImportOwner owner)
        {
            if (p.FirstName.Length > 0)
            {
                contact.FirstName = p.FirstName;
            }

            contact.LastName = p.LastName;
            contact.JobTitle = p.JobTitle ?? contact.JobTitle;
            contact.Status = p.Status ?? contact.Status;
            contact.PreferredLanguage = p.Language ?? contact.PreferredLanguage;
            contact.Civility = p.Civility ?? contact.Civility;
            contact.Description = p.Description ?? contact.Description;
            contact.LifecycleStage = p.Stage ?? contact.LifecycleStage;
            contact.LeadSource = p.LeadSource ?? contact.LeadSource;
            if (p.Consent is { } consent && consent != contact.Consent)
            {
                contact.SetConsent(consent, p.ConsentAt ?? Context.Clock.GetUtcNow().UtcDateTime, p.ConsentSource);
            }
            else if (p.Consent is not null and not ConsentState.Unknown && p.ConsentSource is not null)
            {
                // The same consent from another origin: as on the form, the origin is corrected, the date kept.
                contact.ConsentSource = p.ConsentSource;
            }

            var address = contact.Address;
            if (p.Address is { } a && (a.Line1 ?? a.Line2 ?? a.PostalCode ?? a.City ?? a.Country) is not null)
            {
                contact.Address = address with
                {
                    Line1 = a.Line1 ?? address.Line1, Line2 = a.Line2 ?? address.Line2, PostalCode = a.PostalCode ?? address.PostalCode, City = a.City ?? address.City, Country = a.Country ?? address.Country,
                };
            }
            if (p.Emails.Count > 0)
            {
                var primary = contact.Emails.FirstOrDefault(e => e.IsPrimary)?.Address ?? contact.Emails.FirstOrDefault()?.Address;
                contact.SetEmails(contact.Emails.Select(e => e.Address).Concat(p.Emails).ToList(), primary);
            }

            if (p.Phones.Count > 0)
            {
                contact.SetPhones(contact.Phones.Select(n => n.Number).Concat(p.Phones).ToList());
            }

            if (p.CompanyName is not null)
            {
                SetCompany(contact, p.CompanyName, owner, p.Keys.Company);
            }
        }

        /// <summary>The company the row names, found by name among those the user sees, or created in this batch.</summary>
        private void SetCompany(Contact contact, string? name, ImportOwner owner, string key)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return;
            }

            var record = _companies.Find(key);
            if (record is null)
            {
                var company = new Company { Name = name.Trim(), OwnerId = owner.Id, TeamId = owner.TeamId };
                Db.Companies.Add(company);
                var created = new KnownRecord<Company>(0, company, true);
                _companies.Register(key, created);
                AfterCommit(() => { created.Id = company.Id; created.Entity = null; });
                record = created;
            }

            if (record.Entity is { } pending)
            {
                contact.Company = pending;
            }
            else
            {
                contact.Company = null;
                contact.CompanyId = record.Id;
            }
        }

        public override void BatchRolledBack()
        {
            base.BatchRolledBack();
            _created.Clear();
        }
    }
}
