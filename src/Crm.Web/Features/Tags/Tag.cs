using Crm.Web.Infrastructure.Text;

namespace Crm.Web.Features.Tags;

/// <summary>A label shared by contacts and companies ("VIP", "salon 2026"), matched case- and accent-insensitively.</summary>
public sealed class Tag
{
    public const int MaxNameLength = 50;

    public int Id { get; set; }
    public string Name { get; set; } = string.Empty;
    public string NameKey { get; set; } = string.Empty;

    public static Tag Create(string name) => new() { Name = name.Trim(), NameKey = SearchKey.Normalize(name) };
}
