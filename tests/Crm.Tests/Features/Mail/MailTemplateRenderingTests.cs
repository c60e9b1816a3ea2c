using Crm.Web.Features.EmailTemplates;

namespace Crm.Tests.Features.Mail;

public sealed class MailTemplateRenderingTests
{
    private static readonly MailTemplate Template = new()
    {
        Kind = "contacts",
        SubjectEn = "Hi {{ contact.first_name }}",
        BodyEn = "Hello {{contact.first_name}} & co,\nSee {{record.link}}\n\nBye",
        SubjectFr = null,
        BodyFr = null,
    };

    [Fact]
    public void Values_are_encoded_in_the_html_part_only_and_the_record_link_is_clickable()
    {
        var values = new Dictionary<string, string>
        {
            ["contact.first_name"] = "<script>x</script>",
            ["record.link"] = "https://crm.example.com/Contacts/Details/7?a=1&b=2",
        };

        var mail = MailTemplates.Render(Template, "en", values);

        Assert.Equal("Hi <script>x</script>", mail.Subject);
        Assert.Equal("Hello <script>x</script> & co,\nSee https://crm.example.com/Contacts/Details/7?a=1&b=2\n\nBye", mail.Text);
        Assert.Equal(
            "<p>Hello &lt;script&gt;x&lt;/script&gt; &amp; co,<br>\nSee <a href=\"https://crm.example.com/Contacts/Details/7?a=1&amp;b=2\">https://crm.example.com/Contacts/Details/7?a=1&amp;b=2</a></p>\n<p>Bye</p>\n",
            mail.Html);
    }

    [Fact]
    public void A_language_left_blank_falls_back_to_the_other()
    {
        var mail = MailTemplates.Render(Template, "fr", new Dictionary<string, string> { ["contact.first_name"] = "Léa" });
        Assert.Equal("Hi Léa", mail.Subject);
    }

    [Theory]
    [InlineData("contacts", "{{contact.first_name}} {{company.name}} {{owner.name}} {{record.link}}", "")]
    [InlineData("contacts", "{{deal.amount}} {{ contact.shoe_size }} {{deal.amount}}", "deal.amount,contact.shoe_size")]
    [InlineData("tasks", "{{task.title}} due {{task.due}}", "")]
    [InlineData("tasks", "{{contact.email}}", "contact.email")]
    [InlineData("deals", "{{deal.name}} {{deal.amount}} {{contact.first_name}}", "")]
    [InlineData("deals", "{{}}", "")]
    public void Unknown_fields_are_named_once_each(string kind, string text, string expected) =>
        Assert.Equal(expected, string.Join(",", MergeFields.Unknown(kind, text)));
}
