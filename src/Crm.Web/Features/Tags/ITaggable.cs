namespace Crm.Web.Features.Tags;

/// <summary>A record that carries tags, whichever table links them (bulk tagging works on any such kind).</summary>
public interface ITaggable
{
    bool HasTag(int tagId);

    void AddTag(Tag tag);

    /// <summary>Whether the record links this tag, saved or not yet (an import creates tags and records in one batch).</summary>
    bool HasTag(Tag tag);

    /// <summary>Links a saved tag known by id only.</summary>
    void AddTag(int tagId);
}
