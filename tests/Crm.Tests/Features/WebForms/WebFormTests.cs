using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Activities;
using Crm.Web.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.WebForms;

/// <summary>The app with a limit of <paramref name="postsPerWindow"/> web form posts per address (the tests share one address).</summary>
public class WebFormsAppFactory : CrmAppFactory
{
    public WebFormsAppFactory()
        : this(1000)
    {
    }

    protected WebFormsAppFactory(int postsPerWindow)
    {
        Settings["WebForms:PostsPerWindow"] = postsPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class TightlyLimitedWebFormsAppFactory() : WebFormsAppFactory(2);

public static class WebFormTestData
{
    /// <summary>An admin designs a newsletter form (last name and email required, phone and message asked, consent, tag).</summary>
    public static async Task<string> NewsletterAsync(CrmAppFactory app, string slug)
    {
        var admin = await app.SignInAsync();
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Name", "Newsletter " + slug), new("Slug", slug), new("Title", "Our newsletter"), new("ThankYou", "Thank you, see you soon."),
            new("ConsentText", "I agree to receive the newsletter."), new("TagName", "newsletter"), new("IsActive", "true"),
            new("Asked", "FirstName"), new("Asked", "Phone"), new("Asked", "Message"),
            new("Required", "LastName"), new("Required", "Email"),
        };
        var saved = await admin.PostMultipleAsync("/Admin/Forms/New", fields, "/Admin/Forms/New");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        return slug;
    }

    /// <summary>A visitor's post, as a browser sends it from the public page: no antiforgery token, no cookie.</summary>
    public static Task<HttpResponseMessage> SubmitAsync(HttpClient anonymous, string slug, params (string Key, string Value)[] fields) =>
        anonymous.PostAsync($"/Forms/{slug}", new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))));
}

/// <summary>
/// Web-to-lead forms: designed at /Admin/Forms, filled in at /Forms/{slug} without an account. Every error at once,
/// the honeypot, the duplicate rules (email or phone match, a name never), consent with its source, the timeline note.
/// </summary>
public sealed class WebFormTests(WebFormsAppFactory app) : IClassFixture<WebFormsAppFactory>
{
    private HttpClient Anonymous() => app.CreateClient(new() { AllowAutoRedirect = false });

    [Fact]
    public async Task The_public_page_asks_for_the_chosen_fields_and_may_be_framed_by_other_sites()
    {
        var slug = await WebFormTestData.NewsletterAsync(app, "framed");
        var response = await Anonymous().GetAsync($"/Forms/{slug}?embed=true");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("name=\"LastName\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Phone\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"City\"", html, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors *", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("X-Frame-Options"));

        // The rest of the app still refuses to be framed.
        var admin = await (await app.SignInAsync()).GetAsync($"/Admin/Forms");
        Assert.Contains("frame-ancestors 'none'", admin.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("iframe src=", WebUtility.HtmlDecode(await (await app.SignInAsync()).GetTextAsync("/Admin/Forms/" + await app.WithDbAsync(db => db.WebForms.Where(f => f.Slug == slug).Select(f => f.Id).SingleAsync()))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_submission_with_missing_and_wrong_fields_shows_every_error_at_once_and_writes_nothing()
    {
        var slug = await WebFormTestData.NewsletterAsync(app, "errors");
        var before = await app.WithDbAsync(db => db.Contacts.CountAsync());
        var response = await WebFormTestData.SubmitAsync(Anonymous(), slug, ("FirstName", "Marie"), ("LastName", ""), ("Email", ""), ("Phone", "call me"), ("Message", new string('m', 4001)));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Fill in Last name.", html, StringComparison.Ordinal);
        Assert.Contains("Fill in Email.", html, StringComparison.Ordinal);
        Assert.Contains("\"call me\" is not a phone number.", html, StringComparison.Ordinal);
        Assert.Contains("Message must be at most 4000 characters.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Marie\"", html, StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Contacts.CountAsync()));
    }

    [Fact]
    public async Task A_bot_filling_the_honeypot_is_thanked_and_nothing_is_written()
    {
        var slug = await WebFormTestData.NewsletterAsync(app, "honeypot");
        var response = await WebFormTestData.SubmitAsync(Anonymous(), slug, ("LastName", "Bot"), ("Email", "bot@spam.test"), ("Website", "http://spam.test"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/Forms/{slug}/Thanks", response.Headers.Location!.OriginalString);
        Assert.False(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.EmailKey == "bot@spam.test")));
    }

    [Fact]
    public async Task A_new_visitor_becomes_a_contact_with_consent_its_source_the_tag_and_a_note_on_the_timeline()
    {
        var slug = await WebFormTestData.NewsletterAsync(app, "new-lead");
        var response = await WebFormTestData.SubmitAsync(Anonymous(), slug,
            ("FirstName", "Irène"), ("LastName", "Joliot"), ("Email", "irene@lab.test"), ("Message", "Send me news."), ("Consent", "true"), ("Website", ""));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Thank you, see you soon.", await Anonymous().GetStringAsync(response.Headers.Location!.OriginalString), StringComparison.Ordinal);

        var contact = await app.WithDbAsync(db => db.Contacts.Include(c => c.Tags).ThenInclude(t => t.Tag).Include(c => c.ConsentHistory).SingleAsync(c => c.EmailKey == "irene@lab.test"));
        Assert.Equal(("Irène", "Joliot", ConsentState.Granted, "Web form: Newsletter new-lead"), (contact.FirstName, contact.LastName, contact.Consent, contact.ConsentSource));
        Assert.Equal("Web form: Newsletter new-lead", contact.LeadSource);
        Assert.Equal(["newsletter"], contact.Tags.Select(t => t.Tag!.Name));
        var change = Assert.Single(contact.ConsentHistory);
        Assert.Equal((ConsentState.Granted, "Web form: Newsletter new-lead", (string?)null), (change.State, change.Source, change.ByUserId));
        var note = await app.WithDbAsync(db => db.Activities.SingleAsync(a => a.ContactId == contact.Id));
        Assert.Equal(ActivityKind.Note, note.Kind);
        Assert.Contains("Send me news.", note.Body, StringComparison.Ordinal);

        // The save published its change event, which workflow rules read.
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(Contact) && a.EntityId == contact.Id && a.Action == Crm.Web.Infrastructure.Data.AuditAction.Created)));
    }

    [Fact]
    public async Task The_same_email_completes_the_known_contact_without_overwriting_it_and_a_name_alone_never_matches()
    {
        var slug = await WebFormTestData.NewsletterAsync(app, "duplicates");
        var known = await app.AddContactAsync("Pierre", "Curie", email: "pierre@lab.test");

        await WebFormTestData.SubmitAsync(Anonymous(), slug, ("FirstName", "Someone"), ("LastName", "Else"), ("Email", "PIERRE@lab.test"), ("Phone", "06 12 34 56 78"), ("Consent", "true"));
        var updated = await app.WithDbAsync(db => db.Contacts.Include(c => c.Phones).SingleAsync(c => c.Id == known));
        Assert.Equal(("Pierre", "Curie", ConsentState.Granted), (updated.FirstName, updated.LastName, updated.Consent));
        Assert.Equal(["06 12 34 56 78"], updated.Phones.Select(p => p.Number));
        Assert.Equal(1, await app.WithDbAsync(db => db.Contacts.CountAsync(c => c.Emails.Any(e => e.AddressKey == "pierre@lab.test"))));

        // Same name, another email: another person.
        await WebFormTestData.SubmitAsync(Anonymous(), slug, ("FirstName", "Pierre"), ("LastName", "Curie"), ("Email", "p.curie@other.test"));
        Assert.Equal(2, await app.WithDbAsync(db => db.Contacts.CountAsync(c => c.LastName == "Curie" && c.FirstName == "Pierre")));
    }

    [Fact]
    public async Task The_designer_refuses_a_form_that_could_not_make_a_contact_with_every_error_at_once()
    {
        var admin = await app.SignInAsync();
        var response = await admin.PostMultipleAsync("/Admin/Forms/New",
            [new("Name", ""), new("Slug", "Not A Slug"), new("Title", ""), new("ThankYou", ""), new("Asked", "FirstName")], "/Admin/Forms/New");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var error in new[] { "Give the form a name.", "Give the form a title.", "Write the thank-you message.", "lowercase letters, digits and dashes", "A form asks for the last name" })
        {
            Assert.Contains(error, html, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync("/Forms/not-a-slug")).StatusCode);
    }
}

/// <summary>Flooding a public form: past the limit per address, 429 with Retry-After, what was typed kept, nothing written.</summary>
public sealed class WebFormFloodTests(TightlyLimitedWebFormsAppFactory app) : IClassFixture<TightlyLimitedWebFormsAppFactory>
{
    [Fact]
    public async Task Past_the_limit_a_submission_is_answered_429_with_retry_after_and_writes_nothing()
    {
        var slug = await WebFormTestData.NewsletterAsync(app, "flood");
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await WebFormTestData.SubmitAsync(anonymous, slug, ("LastName", "Flood" + i), ("Email", $"flood{i}@spam.test"))).StatusCode);
        }

        var refused = await WebFormTestData.SubmitAsync(anonymous, slug, ("LastName", "Flood"), ("Email", "flood9@spam.test"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("flood9@spam.test", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.EmailKey == "flood9@spam.test")));
    }
}
