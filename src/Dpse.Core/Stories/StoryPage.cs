namespace Dpse.Core.Stories;

/// <summary>One page of results and the total number of matches.</summary>
public sealed record StoryPage(IReadOnlyList<Story> Stories, int Total, int Page, int PageSize)
{
    /// <summary>Number of pages for <see cref="Total"/>.</summary>
    public int PageCount => Total == 0 ? 0 : ((Total - 1) / PageSize) + 1;

    /// <summary>
    /// There are more than <see cref="Total"/> matches: a store may stop counting a very common word's matches (the
    /// PostgreSQL store counts up to 100, or to the end of the page asked for), and the reply says "100+".
    /// </summary>
    public bool TotalIsLowerBound { get; init; }
}
