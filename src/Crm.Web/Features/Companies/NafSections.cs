using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Companies;

/// <summary>
/// The 21 sections of the French activity nomenclature (NAF rév. 2, INSEE), each a range of two-digit divisions: a
/// company's industry filter narrows by section (a range on the indexed NAF code, the same in every collation since the
/// codes start with digits) or by one exact code ("62.01Z").
/// </summary>
public static class NafSections
{
    public const string FilterKey = "naf";

    private static readonly (string Letter, string First, string AfterLast, string Label)[] Sections =
    [
        ("A", "01", "04", "Agriculture, forestry and fishing"),
        ("B", "05", "10", "Mining and quarrying"),
        ("C", "10", "34", "Manufacturing"),
        ("D", "35", "36", "Electricity and gas supply"),
        ("E", "36", "40", "Water supply and waste management"),
        ("F", "41", "44", "Construction"),
        ("G", "45", "48", "Wholesale and retail trade"),
        ("H", "49", "54", "Transportation and storage"),
        ("I", "55", "57", "Accommodation and food services"),
        ("J", "58", "64", "Information and communication"),
        ("K", "64", "67", "Financial and insurance activities"),
        ("L", "68", "69", "Real estate activities"),
        ("M", "69", "76", "Professional, scientific and technical activities"),
        ("N", "77", "83", "Administrative and support services"),
        ("O", "84", "85", "Public administration"),
        ("P", "85", "86", "Education"),
        ("Q", "86", "89", "Human health and social work"),
        ("R", "90", "94", "Arts, entertainment and recreation"),
        ("S", "94", "97", "Other services"),
        ("T", "97", "99", "Households as employers"),
        ("U", "99", "9:", "Extraterritorial organisations"),
    ];

    /// <summary>The filter "Industry (NAF)": a section letter, or one exact code typed in the address.</summary>
    public static ListFilter<Company> Filter { get; } = new(FilterKey, "Industry (NAF)", Narrow)
    {
        Choices = Sections.Select(s => new ListChoice(s.Letter, s.Label) { Code = s.Letter }).ToList(),
    };

    /// <summary>The English labels the drop-down shows, for the resource check.</summary>
    public static IEnumerable<string> Labels => Sections.Select(s => s.Label);

    private static IQueryable<Company>? Narrow(IQueryable<Company> companies, string value)
    {
        var text = value.Trim().ToUpperInvariant();
        if (Sections.FirstOrDefault(s => s.Letter == text) is { Letter: not null } section)
        {
            var (first, afterLast) = (section.First, section.AfterLast);
            return companies.Where(c => c.NafCode != null && string.Compare(c.NafCode, first) >= 0 && string.Compare(c.NafCode, afterLast) < 0);
        }

        return text.Length is >= 2 and <= 10 ? companies.Where(c => c.NafCode == text) : null;
    }
}
