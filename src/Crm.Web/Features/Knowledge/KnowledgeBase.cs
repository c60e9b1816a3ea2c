using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Knowledge;

/// <summary>
/// /Knowledge: list and search the articles, read one, write one. The knowledge base holds hundreds of articles, not
/// millions: a search is a LIKE over title, category, tags and text, paged by offset.
/// </summary>
public sealed class KnowledgeBase(CrmDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const int PageSize = 20;

    public sealed record Row(int Id, string Title, string? Category, string? Tags, bool Published, DateTime UpdatedAt, string? UpdatedBy, string Excerpt);

    public sealed record ListPage(string? Query, int Page, IReadOnlyList<Row> Rows, bool HasNext);

    public sealed record Article(int Id, string Title, string Body, string? Category, string? Tags, bool Published, DateTime UpdatedAt, string? UpdatedBy);

    /// <summary>What the reply form's "Insert article" control lists.</summary>
    public sealed record Choice(int Id, string Title, string? Category);

    public sealed record Form(string? Title, string? Body, string? Category, string? Tags, bool Published)
    {
        public static Form Of(Article a) => new(a.Title, a.Body, a.Category, a.Tags, a.Published);
    }

    public async Task<ListPage> ListAsync(string? query, int page, CancellationToken ct)
    {
        page = Math.Max(1, page);
        var rows = await Matching(db.Set<KnowledgeArticle>().AsNoTracking(), query)
            .OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(a => new { a.Id, a.Title, a.Category, a.Tags, a.Published, a.UpdatedAt, UpdatedBy = a.UpdatedBy!.DisplayName, a.Body })
            .ToListAsync(ct);
        return new ListPage(
            string.IsNullOrWhiteSpace(query) ? null : query.Trim(),
            page,
            rows.Take(PageSize).Select(a => new Row(a.Id, a.Title, a.Category, a.Tags, a.Published, a.UpdatedAt, a.UpdatedBy, Excerpt(a.Body))).ToList(),
            rows.Count > PageSize);
    }

    /// <summary>Published articles matching <paramref name="query"/>, for the reply form.</summary>
    public Task<List<Choice>> ChoicesAsync(string? query, CancellationToken ct) =>
        Matching(db.Set<KnowledgeArticle>().AsNoTracking().Where(a => a.Published), query)
            .OrderBy(a => a.Title).Take(PageSize)
            .Select(a => new Choice(a.Id, a.Title, a.Category))
            .ToListAsync(ct);

    public Task<Article?> FindAsync(int id, CancellationToken ct) =>
        db.Set<KnowledgeArticle>().AsNoTracking().Where(a => a.Id == id)
            .Select(a => new Article(a.Id, a.Title, a.Body, a.Category, a.Tags, a.Published, a.UpdatedAt, a.UpdatedBy!.DisplayName))
            .FirstOrDefaultAsync(ct);

    /// <summary>The text a reply gets: the article's Markdown, which the reply keeps as typed.</summary>
    public Task<string?> PublishedTextAsync(int id, CancellationToken ct) =>
        db.Set<KnowledgeArticle>().AsNoTracking().Where(a => a.Id == id && a.Published).Select(a => a.Body).FirstOrDefaultAsync(ct);

    public IReadOnlyList<FieldError> Check(Form form)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(form.Title))
        {
            errors.Add(new(nameof(Form.Title), l["Give the article a title."]));
        }
        else if (form.Title.Trim().Length > KnowledgeArticle.MaxTitleLength)
        {
            errors.Add(new(nameof(Form.Title), l["The title must be at most {0} characters.", KnowledgeArticle.MaxTitleLength]));
        }

        if (string.IsNullOrWhiteSpace(form.Body))
        {
            errors.Add(new(nameof(Form.Body), l["Write the article's text."]));
        }
        else if (form.Body.Length > KnowledgeArticle.MaxBodyLength)
        {
            errors.Add(new(nameof(Form.Body), l["The text must be at most {0} characters.", KnowledgeArticle.MaxBodyLength]));
        }

        if (form.Category?.Trim().Length > KnowledgeArticle.MaxCategoryLength)
        {
            errors.Add(new(nameof(Form.Category), l["The category must be at most {0} characters.", KnowledgeArticle.MaxCategoryLength]));
        }

        if (form.Tags?.Trim().Length > KnowledgeArticle.MaxTagsLength)
        {
            errors.Add(new(nameof(Form.Tags), l["The tags must be at most {0} characters.", KnowledgeArticle.MaxTagsLength]));
        }

        return errors;
    }

    public async Task<Outcome<int>> SaveAsync(int? id, Form form, string userId, CancellationToken ct)
    {
        var errors = Check(form);
        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }

        KnowledgeArticle? article;
        if (id is null)
        {
            article = new KnowledgeArticle();
            db.Add(article);
        }
        else if ((article = await db.Set<KnowledgeArticle>().FirstOrDefaultAsync(a => a.Id == id, ct)) is null)
        {
            return Outcome.NotFound;
        }

        article.Title = form.Title!.Trim();
        article.Body = form.Body!;
        article.Category = Blank(form.Category);
        article.Tags = Blank(form.Tags);
        article.Published = form.Published;
        article.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        article.UpdatedById = userId;
        await db.SaveChangesAsync(ct);
        return Outcome.Done(article.Id);
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken ct) =>
        await db.Set<KnowledgeArticle>().Where(a => a.Id == id).ExecuteDeleteAsync(ct) > 0;

    private static IQueryable<KnowledgeArticle> Matching(IQueryable<KnowledgeArticle> articles, string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return articles;
        }

        // Every word must appear somewhere: "refund invoice" finds an article titled "Invoices" about refunds.
        foreach (var word in query.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5))
        {
            var pattern = "%" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            articles = articles.Where(a => EF.Functions.Like(a.Title, pattern, "\\") || EF.Functions.Like(a.Body, pattern, "\\")
                || (a.Category != null && EF.Functions.Like(a.Category, pattern, "\\")) || (a.Tags != null && EF.Functions.Like(a.Tags, pattern, "\\")));
        }

        return articles;
    }

    private static string Excerpt(string body)
    {
        var text = SafeMarkdown.ToPlainText(body).ReplaceLineEndings(" ");
        return text.Length <= 160 ? text : text[..160].TrimEnd() + "…";
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
