namespace Crm.Web.Features.Tags;

/// <summary>A record that carries tags, whichever table links them (bulk tagging works on any such kind).</summary>
public interface ITaggable
{
    bool HasTag(int tagId);

    void AddTag(Tag tag);
}
