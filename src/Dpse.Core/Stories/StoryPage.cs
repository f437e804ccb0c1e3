namespace Dpse.Core.Stories;

/// <summary>One page of results and the total number of matches.</summary>
public sealed record StoryPage(IReadOnlyList<Story> Stories, int Total, int Page, int PageSize)
{
    /// <summary>Number of pages for <see cref="Total"/>.</summary>
    public int PageCount => Total == 0 ? 0 : ((Total - 1) / PageSize) + 1;
}
