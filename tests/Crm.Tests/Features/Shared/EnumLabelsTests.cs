using System.Xml.Linq;
using Crm.Web.Features.Activities;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Shared;

namespace Crm.Tests.Features.Shared;

public sealed class EnumLabelsTests
{
    [Fact]
    public void Every_enum_value_shown_on_record_pages_has_a_label_and_a_French_translation()
    {
        var resx = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Crm.Web", "Resources", "SharedResource.fr.resx");
        var french = XDocument.Load(resx).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        Enum[] values =
        [
            .. Enum.GetValues<CompanyStatus>().Cast<Enum>(), .. Enum.GetValues<CompanySize>().Cast<Enum>(),
            .. Enum.GetValues<ContactStatus>().Cast<Enum>(), .. Enum.GetValues<LifecycleStage>().Cast<Enum>(),
            .. Enum.GetValues<ConsentState>().Cast<Enum>(), .. Enum.GetValues<ActivityKind>().Cast<Enum>(),
            .. Enum.GetValues<TextFormat>().Cast<Enum>(), .. Enum.GetValues<CallOutcome>().Cast<Enum>(),
        ];
        Assert.All(values, value => Assert.Contains(EnumLabels.Of(value), french));
    }

    [Fact]
    public void Every_field_label_of_the_history_has_a_French_translation()
    {
        var resx = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Crm.Web", "Resources", "SharedResource.fr.resx");
        var french = XDocument.Load(resx).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

        Assert.All(RecordHistory.AllFieldLabels, label => Assert.Contains(label, french));
        Assert.Equal("Job title", RecordHistory.FieldLabel(Crm.Web.Features.Contacts.Contact.Kind, "JobTitle"));
        Assert.Equal("SomethingNew", RecordHistory.FieldLabel(Crm.Web.Features.Contacts.Contact.Kind, "SomethingNew"));
    }
}
