namespace Crm.Web;

/// <summary>Marker for the shared string resources (Resources/SharedResource.*.resx). Keys are the English text.</summary>
public sealed class SharedResource;
