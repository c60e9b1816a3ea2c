using System.Text.RegularExpressions;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.WebForms;

/// <summary>
/// /Admin/Forms: the web-to-lead forms an admin designs. A form always asks for a last name and for an email or a phone,
/// required, so that every submission can make a contact and be matched with the duplicate rules.
/// </summary>
public sealed partial class WebFormAdmin(CrmDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public sealed record Item(int Id, string Name, string Slug, bool IsActive);

    /// <summary>What the designer posts; the fields asked and required as two lists of <see cref="WebFormFields"/> keys.</summary>
    public sealed record Form
    {
        public string? Name { get; init; }
        public string? Slug { get; init; }
        public string? Title { get; init; }
        public string? Intro { get; init; }
        public string[] Asked { get; init; } = [];
        public string[] Required { get; init; } = [];
        public string? ConsentText { get; init; }
        public string? ThankYou { get; init; }
        public string? TagName { get; init; }
        public string? OwnerId { get; init; }
        public int? CampaignId { get; init; }
        public bool IsActive { get; init; } = true;

        public static Form New() => new()
        {
            Asked = [WebFormFields.FirstName, WebFormFields.LastName, WebFormFields.Email, WebFormFields.Company, WebFormFields.Message],
            Required = [WebFormFields.LastName, WebFormFields.Email],
        };

        public static Form Of(WebForm form) => new()
        {
            Name = form.Name, Slug = form.Slug, Title = form.Title, Intro = form.Intro, Asked = [.. form.FieldKeys], Required = [.. form.RequiredKeys],
            ConsentText = form.ConsentText, ThankYou = form.ThankYou, TagName = form.TagName, OwnerId = form.OwnerId, CampaignId = form.CampaignId,
            IsActive = form.IsActive,
        };
    }

    public async Task<IReadOnlyList<Item>> ListAsync(CancellationToken ct) =>
        await db.WebForms.AsNoTracking().OrderBy(f => f.Name).Select(f => new Item(f.Id, f.Name, f.Slug, f.IsActive)).ToListAsync(ct);

    public Task<WebForm?> FindAsync(int id, CancellationToken ct) => db.WebForms.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct);

    /// <summary>The owners a form may give its contacts: active users of a role that owns contacts.</summary>
    public async Task<IReadOnlyList<Choice>> OwnersAsync(CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.DisplayName).Select(u => new Choice(u.Id, u.DisplayName == "" ? u.Email ?? u.Id : u.DisplayName)).ToListAsync(ct);

    /// <summary>The campaigns a form may add its contacts to: those not finished or aborted, newest first (a form's own stays listed).</summary>
    public async Task<IReadOnlyList<Choice>> CampaignsAsync(int? current, CancellationToken ct) =>
        await db.Campaigns.AsNoTracking()
            .Where(c => c.Id == current || (c.Status != Campaigns.CampaignStatus.Completed && c.Status != Campaigns.CampaignStatus.Aborted))
            .OrderByDescending(c => c.CreatedAt).Take(200)
            .Select(c => new Choice(c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Name)).ToListAsync(ct);

    /// <summary>Saves the form (new when <paramref name="id"/> is null); every error at once, keyed by field. Null when the form is gone.</summary>
    public async Task<(int? Id, IReadOnlyList<FieldError> Errors)?> SaveAsync(int? id, Form form, CancellationToken ct)
    {
        var saved = id is int existing ? await db.WebForms.FirstOrDefaultAsync(f => f.Id == existing, ct) : new WebForm { CreatedAt = clock.GetUtcNow().UtcDateTime };
        if (saved is null)
        {
            return null;
        }

        var errors = new List<FieldError>();
        var name = form.Name?.Trim() ?? string.Empty;
        var slug = (form.Slug?.Trim().ToLowerInvariant() ?? string.Empty) is { Length: > 0 } typed ? typed : SlugOf(name);
        var title = form.Title?.Trim() ?? string.Empty;
        var thanks = form.ThankYou?.Trim() ?? string.Empty;
        var asked = WebFormFields.All.Keys.Where(k => form.Asked.Contains(k) || form.Required.Contains(k)).ToList();
        var required = asked.Where(k => form.Required.Contains(k)).ToList();
        Require(name, nameof(Form.Name), "Name", l["Give the form a name."], WebForm.MaxNameLength);
        Require(title, nameof(Form.Title), "Title", l["Give the form a title."], 200);
        Require(thanks, nameof(Form.ThankYou), "Thank-you message", l["Write the thank-you message."], WebForm.MaxTextLength);
        if (!SlugPattern().IsMatch(slug) || slug.Length > WebForm.MaxSlugLength)
        {
            errors.Add(new(nameof(Form.Slug), l["The address uses lowercase letters, digits and dashes, at most {0} characters.", WebForm.MaxSlugLength]));
        }
        else if (await db.WebForms.AnyAsync(f => f.Slug == slug && f.Id != saved.Id, ct))
        {
            errors.Add(new(nameof(Form.Slug), l["Another form has this address."]));
        }

        if (!required.Contains(WebFormFields.LastName) || !(required.Contains(WebFormFields.Email) || required.Contains(WebFormFields.Phone)))
        {
            errors.Add(new(nameof(Form.Asked), l["A form asks for the last name and for an email or a phone, required: that is what makes a contact and finds it again."]));
        }

        if (form.Intro?.Length > WebForm.MaxTextLength)
        {
            errors.Add(new(nameof(Form.Intro), l["{0} must be at most {1} characters.", l["Introduction"], WebForm.MaxTextLength]));
        }

        if (form.ConsentText?.Trim().Length > 500)
        {
            errors.Add(new(nameof(Form.ConsentText), l["{0} must be at most {1} characters.", l["Consent checkbox"], 500]));
        }

        if (form.TagName?.Trim().Length > Tags.Tag.MaxNameLength)
        {
            errors.Add(new(nameof(Form.TagName), l["{0} must be at most {1} characters.", l["Tag"], Tags.Tag.MaxNameLength]));
        }

        if (!string.IsNullOrEmpty(form.OwnerId) && !await db.Users.AnyAsync(u => u.Id == form.OwnerId && u.IsActive, ct))
        {
            errors.Add(new(nameof(Form.OwnerId), l["Choose an owner from the list."]));
        }

        if (form.CampaignId is int campaign && !await db.Campaigns.AnyAsync(c => c.Id == campaign, ct))
        {
            errors.Add(new(nameof(Form.CampaignId), l["Choose a campaign from the list."]));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        saved.Name = name;
        saved.Slug = slug;
        saved.Title = title;
        saved.Intro = string.IsNullOrWhiteSpace(form.Intro) ? null : form.Intro.Trim();
        saved.Fields = string.Join(',', asked);
        saved.Required = string.Join(',', required);
        saved.ConsentText = string.IsNullOrWhiteSpace(form.ConsentText) ? null : form.ConsentText.Trim();
        saved.ThankYou = thanks;
        saved.TagName = string.IsNullOrWhiteSpace(form.TagName) ? null : form.TagName.Trim();
        saved.OwnerId = string.IsNullOrEmpty(form.OwnerId) ? null : form.OwnerId;
        saved.CampaignId = form.CampaignId;
        saved.IsActive = form.IsActive;
        saved.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        if (saved.Id == 0)
        {
            db.WebForms.Add(saved);
        }

        await db.SaveChangesAsync(ct);
        return (saved.Id, []);

        void Require(string value, string field, string label, string missing, int max)
        {
            if (value.Length == 0)
            {
                errors.Add(new(field, missing));
            }
            else if (value.Length > max)
            {
                errors.Add(new(field, l["{0} must be at most {1} characters.", l[label], max]));
            }
        }
    }

    /// <summary>"Salon Lyon 2026" → "salon-lyon-2026".</summary>
    public static string SlugOf(string name)
    {
        var plain = Infrastructure.Text.SearchKey.Normalize(name);
        var slug = NotSlug().Replace(plain, "-").Trim('-');
        return slug.Length <= WebForm.MaxSlugLength ? slug : slug[..WebForm.MaxSlugLength].Trim('-');
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
