namespace Crm.Web.Infrastructure.Records;

/// <summary>Entities whose normalised search columns are recomputed on every save, so they never drift.</summary>
public interface ISearchIndexed
{
    void RefreshSearchKeys();
}
