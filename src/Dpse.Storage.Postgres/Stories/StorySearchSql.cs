using System.Text;
using Dpse.Core.Search;
using Dpse.Core.Stories;
using Npgsql;
using NpgsqlTypes;

namespace Dpse.Storage.Postgres.Stories;

/// <summary>
/// The SQL of one story search or list, following <see cref="StorySearchIndex"/>'s rules: every query word must be in
/// what the viewer may search (members: what <c>search_public</c> holds, unless they wrote the story; moderators and
/// the author: <c>search_all</c>); a word scores the weight of the best field it is in; ties go to the newer story,
/// then the higher number. Without words: newest first.
/// </summary>
/// <remarks>
/// <para>Every query reads <c>search_ranks</c> (migration 0007): each term once behind the letter of its best field, kept
/// in the row, so testing or scoring a story never detoasts its document or vectors. A search with words is counted
/// first, exactly up to <see cref="CountCap"/> (or the end of the page asked for) and otherwise as a lower bound
/// (<see cref="StoryPage.TotalIsLowerBound"/>: "100+ stories"). Counting visits one row per match, so the cap is what
/// keeps a common word cheap: counting to 1,000 cost 60 to 80 ms at 100,000 stories on a busy machine.</para>
/// <para>Then the page. Few matches (up to the count limit), or more than <see cref="MaxGroupedWords"/> words: every
/// match is scored from its <c>search_ranks</c>, decompressed once per row. Many matches: they split into disjoint
/// groups, one per score the words' weights can add up to, and only a group's newest
/// <c>page × size</c> stories can reach the page, so each group is read newest first and stops early; scoring every
/// match of two common words (70,000 of 100,000 stories) took over a second.</para>
/// </remarks>
internal sealed class StorySearchSql
{
    /// <summary>The total is counted exactly up to this many matches.</summary>
    public const int CountCap = 100;

    /// <summary>Up to this many words, a page of many matches is read from the weight groups (4^n of them).</summary>
    public const int MaxGroupedWords = 3;

    private static readonly int[] Weights = [StorySearchIndex.TitleWeight, StorySearchIndex.NameWeight, StorySearchIndex.SummaryWeight, StorySearchIndex.BodyWeight];

    private readonly string _scored;
    private readonly string? _groups;
    private readonly string _count;
    private readonly List<NpgsqlParameter> _parameters;
    private readonly int _size;
    private readonly int _skip;

    private StorySearchSql(string scored, string? groups, string count, List<NpgsqlParameter> parameters, int size, int skip, bool hasWords)
    {
        _scored = scored;
        _groups = groups;
        _count = count;
        _parameters = parameters;
        _size = size;
        _skip = skip;
        HasWords = hasWords;
    }

    /// <summary>Whether the query has words (then it is counted before its page is read).</summary>
    public bool HasWords { get; }

    /// <summary>The most matches <see cref="Count"/> counts: the cap, or the end of the page if further.</summary>
    public int CountLimit => Math.Max(CountCap, _skip + _size);

    public static StorySearchSql Build(StoryQuery query, int page, int size)
    {
        var privileged = query.Viewer?.IsModerator == true;
        var viewer = privileged ? null : query.Viewer?.Ref.Key;
        var skip = (page - 1) * size;
        var terms = SearchText.Terms(query.Text).Distinct().ToArray();
        var parameters = new List<NpgsqlParameter>
        {
            new("viewer", NpgsqlDbType.Text) { Value = (object?)viewer ?? DBNull.Value },
            new("reach", NpgsqlDbType.Integer) { Value = skip + size },
        };
        var filters = Filters(query, privileged, parameters);
        if (terms.Length == 0)
        {
            return new StorySearchSql(
                $"SELECT number, created_at, 0 AS score FROM stories WHERE {filters}",
                null,
                $"SELECT 1 FROM stories WHERE {filters}",
                parameters,
                size,
                skip,
                hasWords: false);
        }

        // What the viewer may find: their own stories by every entry (search_all's), others' by members' entries.
        var all = Parameter(parameters, Ranked(terms, StoryRows.AllOnly, _ => Weights), NpgsqlDbType.Text);
        var found = privileged
            ? $"search_ranks @@ @{all}::tsquery"
            : $"((author_key IS DISTINCT FROM @viewer AND search_ranks @@ @{Parameter(parameters, Ranked(terms, StoryRows.PublicOnly, _ => Weights), NpgsqlDbType.Text)}::tsquery) OR (author_key = @viewer AND search_ranks @@ @{all}::tsquery))";
        var score = privileged
            ? Score(terms, StoryRows.AllOnly, parameters)
            : $"CASE WHEN author_key = @viewer THEN {Score(terms, StoryRows.AllOnly, parameters)} ELSE {Score(terms, StoryRows.PublicOnly, parameters)} END";

        // search_ranks is stored compressed: each test would decompress it again (16 times a row for two words, 500 ms
        // for two common words), so the row's entries are decompressed once (concatenating a copy) and tested after.
        var scored = $"SELECT number, created_at, {score} AS score FROM stories {Decompressed} WHERE {filters} AND {found}";
        var groups = terms.Length <= MaxGroupedWords ? Groups(terms, privileged, filters, parameters) : null;
        return new StorySearchSql(scored, groups, $"SELECT 1 FROM stories WHERE {filters} AND {found}", parameters, size, skip, hasWords: true);
    }

    /// <summary>
    /// One page of <c>doc, number, version, total</c>: the page's narrow rows (number, created_at, score) first, and only
    /// they read their documents. Without words the total (up to <see cref="CountLimit"/>) is counted beside them; with
    /// words it was counted first (<paramref name="counted"/>), and up to three words with more matches than that read their weight groups.
    /// </summary>
    public NpgsqlCommand Page(NpgsqlConnection connection, long? counted = null)
    {
        var matches = counted > CountLimit && _groups is not null ? _groups : _scored;
        var total = counted is null ? $"(SELECT count(*) FROM ({_count} LIMIT @countLimit) counted)" : "@counted";
        var command = Sql.Command(
            connection,
            $"""
            SELECT s.doc::text, s.number, s.version, {total} AS total
            FROM (SELECT number, created_at, score
                  FROM ({matches}) matches
                  ORDER BY score DESC, created_at DESC, number DESC
                  LIMIT @limit OFFSET @offset) page
            JOIN stories s ON s.number = page.number
            ORDER BY page.score DESC, page.created_at DESC, page.number DESC
            """);
        AddParameters(command);
        command.With("limit", _size).With("offset", _skip);
        return counted is null ? command.With("countLimit", CountLimit + 1) : command.With("counted", counted.Value);
    }

    /// <summary>The number of matches, up to <see cref="CountLimit"/> + 1 (more than the limit: at least that many).</summary>
    public NpgsqlCommand Count(NpgsqlConnection connection)
    {
        var command = Sql.Command(connection, $"SELECT count(*) FROM ({_count} LIMIT @countLimit) counted");
        AddParameters(command);
        return command.With("countLimit", CountLimit + 1);
    }

    private static string Filters(StoryQuery query, bool privileged, List<NpgsqlParameter> parameters)
    {
        var where = new StringBuilder("true");
        void Add(string condition, string name, object value)
        {
            where.Append(" AND ").Append(condition);
            parameters.Add(new NpgsqlParameter(name, value));
        }

        if (!(privileged && query.IncludeHidden))
        {
            where.Append(" AND status = 'Published'");
        }

        if (query.Outcome is { } outcome)
        {
            Add("outcome = @outcome", "outcome", outcome.ToString());
        }

        if (query.Author is { } author)
        {
            Add("author_key = @author", "author", author.Key);
        }

        if (query.Tag is { Length: > 0 } tag)
        {
            Add("tags @> ARRAY[@tag]::text[]", "tag", tag.Trim().ToLowerInvariant());
        }

        if (query.Sector is { Length: > 0 } sector)
        {
            Add("sector_key = @sector", "sector", StoryRows.Key(sector.Trim())!);
        }

        if (query.Organisation is { Length: > 0 } organisation)
        {
            // A contains match written as LIKE so that the trigram indexes of migration 0008 serve it. An anonymised
            // story's real organisation is matched only for moderators and its author; members match what they are
            // shown (the expression the members' index is built on).
            var pattern = "%" + StoryRows.Key(organisation.Trim())!.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            Add(
                privileged
                    ? "organisation_key LIKE @org"
                    : $"((author_key IS DISTINCT FROM @viewer AND ({MembersOrganisation}) LIKE @org) OR (author_key = @viewer AND organisation_key LIKE @org))",
                "org",
                pattern);
        }

        return where.ToString();
    }

    /// <summary>A story's <c>search_ranks</c> decompressed once, as <c>ranks.entries</c>, for <see cref="Score"/> to test.</summary>
    private const string Decompressed = "CROSS JOIN LATERAL (SELECT search_ranks || ''::tsvector AS entries OFFSET 0) ranks";

    /// <summary>The organisation members are shown, exactly as migration 0008 indexes it.</summary>
    private const string MembersOrganisation = "CASE WHEN anonymised THEN description_key ELSE organisation_key END";

    // Many matches: one group per score the words' weights can add up to (4 for one word, 10 for two, 17 for three),
    // each read newest first up to the end of the page and highest score first; plus the member's own
    // stories (few), scored on every entry.
    private static string Groups(string[] terms, bool privileged, string filters, List<NpgsqlParameter> parameters)
    {
        var others = privileged ? StoryRows.AllOnly : StoryRows.PublicOnly;
        var notOwn = privileged ? "" : " AND author_key IS DISTINCT FROM @viewer";
        // Combinations with the same score are one group (10 instead of 16 for two words, 17 instead of 64 for three):
        // each is a sub-query to plan, and planning them was a third of a two-word search.
        var groups = Combinations(terms.Length)
            .GroupBy(combination => combination.Sum(w => Weights[w]))
            .OrderByDescending(g => g.Key)
            .Select(g =>
            {
                var query = string.Join(" | ", g.Select(combination => "(" + Ranked(terms, others, i => [Weights[combination[i]]]) + ")"));
                var entries = Parameter(parameters, query, NpgsqlDbType.Text);
                return $"(SELECT number, created_at, {g.Key} AS score FROM stories WHERE {filters}{notOwn} AND search_ranks @@ @{entries}::tsquery ORDER BY created_at DESC, number DESC LIMIT @reach)";
            });
        var sql = string.Join("\nUNION ALL ", groups);
        if (!privileged)
        {
            var own = Parameter(parameters, Ranked(terms, StoryRows.AllOnly, _ => Weights), NpgsqlDbType.Text);
            sql += $"\nUNION ALL (SELECT number, created_at, {Score(terms, StoryRows.AllOnly, parameters)} AS score FROM stories {Decompressed} WHERE {filters} AND author_key = @viewer AND search_ranks @@ @{own}::tsquery OFFSET 0)";
        }

        return sql;
    }

    // Each word's weight (an index into Weights) in every combination.
    private static IEnumerable<int[]> Combinations(int words)
    {
        var all = (int)Math.Pow(Weights.Length, words);
        for (var n = 0; n < all; n++)
        {
            var combination = new int[words];
            for (int i = 0, rest = n; i < words; i++, rest /= Weights.Length)
            {
                combination[i] = rest % Weights.Length;
            }

            yield return combination;
        }
    }

    // A tsquery over search_ranks: each word (in order) at one of the weights given, as the view may search it (its
    // entries without a prefix, and those with the view's prefix). Terms are letters and digits only (SearchText), so
    // quoting is safe.
    private static string Ranked(string[] terms, string view, Func<int, IEnumerable<int>> weights) =>
        string.Join(" & ", terms.Select((term, i) => "(" + string.Join(" | ", weights(i).SelectMany(w => new[] { StoryRows.Rank("", w, term), StoryRows.Rank(view, w, term) }).Select(e => $"'{e}'")) + ")"));

    // The score of a match as the view sees it: each word's best weight, read from search_ranks.
    private static string Score(string[] terms, string view, List<NpgsqlParameter> parameters)
    {
        var score = new StringBuilder();
        for (var i = 0; i < terms.Length; i++)
        {
            score.Append(i == 0 ? "(" : " + (").Append("CASE");
            foreach (var weight in Weights[..^1])
            {
                var entries = Parameter(parameters, Ranked([terms[i]], view, _ => [weight]), NpgsqlDbType.Text);
                score.Append($" WHEN ranks.entries @@ @{entries}::tsquery THEN {weight}");
            }

            score.Append($" ELSE {StorySearchIndex.BodyWeight} END)");
        }

        return score.ToString();
    }

    private static string Parameter(List<NpgsqlParameter> parameters, string value, NpgsqlDbType type)
    {
        var name = $"p{parameters.Count}";
        parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        return name;
    }

    private void AddParameters(NpgsqlCommand command)
    {
        foreach (var parameter in _parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }
    }
}
