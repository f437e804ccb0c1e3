using System.Text;
using Dpse.Core.Search;
using Dpse.Core.Stories;
using Npgsql;
using NpgsqlTypes;

namespace Dpse.Storage.Postgres.Stories;

/// <summary>
/// The SQL of one story search or list, following <see cref="StorySearchIndex"/>'s rules: every query word must be in
/// the vector the viewer may search (members: <c>search_public</c>, unless they wrote the story; moderators:
/// <c>search_all</c>); a word scores the weight of the best field it is in (its one position's weight); ties go to
/// the newer story, then the higher number. Without words: newest first.
/// </summary>
/// <remarks>
/// A page is found without scoring every match. Each word is in a story at exactly one weight, so the matches split
/// into disjoint groups, one per combination of weights (4 for one word, 16 for two, 64 for three), each with one
/// score; <c>search_ranks</c> (migration 0007) indexes each group, and only its newest <c>page × size</c> stories can
/// reach the page. Scoring every match detoasted every match's vector: 1.5 s for a word in most of 100,000 stories.
/// The member's own stories (scored on <c>search_all</c>) are few and are scored as before, and so are queries of more
/// than <see cref="MaxGroupedWords"/> words. The total is exact up to <see cref="CountCap"/> (or the end of the page
/// asked for, if further) and otherwise a lower bound (<see cref="StoryPage.TotalIsLowerBound"/>: "1000+ stories"):
/// an exact count of a common word visits every match, 100 to 700 ms at 100,000 stories.
/// </remarks>
internal sealed class StorySearchSql
{
    /// <summary>The total is counted exactly up to this many matches.</summary>
    public const int CountCap = 1_000;

    /// <summary>Up to this many words, a page is read from the weight groups (4^n of them).</summary>
    public const int MaxGroupedWords = 3;

    private static readonly int[] Weights = [StorySearchIndex.TitleWeight, StorySearchIndex.NameWeight, StorySearchIndex.SummaryWeight, StorySearchIndex.BodyWeight];

    private readonly string _matches;
    private readonly string _count;
    private readonly List<NpgsqlParameter> _parameters;
    private readonly int _size;
    private readonly int _skip;

    private StorySearchSql(string matches, string count, List<NpgsqlParameter> parameters, int size, int skip)
    {
        _matches = matches;
        _count = count;
        _parameters = parameters;
        _size = size;
        _skip = skip;
    }

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
            // An anonymised story's real organisation is matched only for moderators and its author.
            var shown = privileged ? "organisation_key" : "CASE WHEN NOT anonymised OR author_key = @viewer THEN organisation_key ELSE description_key END";
            Add($"strpos({shown}, @org) > 0", "org", StoryRows.Key(organisation.Trim())!);
        }

        var filters = where.ToString();
        if (terms.Length == 0)
        {
            return new StorySearchSql(
                $"SELECT number, created_at, 0 AS score FROM stories WHERE {filters}",
                $"SELECT 1 FROM stories WHERE {filters}",
                parameters,
                size,
                skip);
        }

        // A tsquery over search_ranks: each word (in order) at one of the weights given, as the viewer may search it:
        // search_all's entries (the author's and moderators') or members' (search_public's) for the stories of others.
        // Terms are letters and digits only (SearchText), so quoting is safe.
        string Ranked(string view, Func<int, IEnumerable<int>> weights)
        {
            var prefix = view == "p" ? StoryRows.PublicOnly : StoryRows.AllOnly;
            var query = string.Join(" & ", terms.Select((term, i) => "(" + string.Join(" | ", weights(i).SelectMany(w => new[] { StoryRows.Rank("", w, term), StoryRows.Rank(prefix, w, term) }).Select(e => $"'{e}'")) + ")"));
            var name = $"r{parameters.Count}";
            parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = query });
            return $" AND search_ranks @@ @{name}::tsquery";
        }

        var others = privileged ? "a" : "p";
        var count = new StringBuilder($"SELECT 1 FROM stories WHERE {filters} AND ");
        count.Append(privileged
            ? $"true{Ranked("a", _ => Weights)}"
            : $"((author_key IS DISTINCT FROM @viewer{Ranked("p", _ => Weights)}) OR (author_key = @viewer{Ranked("a", _ => Weights)}))");

        var matches = new StringBuilder();
        if (terms.Length <= MaxGroupedWords)
        {
            var groups = new List<(int Score, string Sql)>();
            foreach (var combination in Combinations(terms.Length))
            {
                var score = combination.Sum(w => Weights[w]);
                var words = Ranked(others, i => [Weights[combination[i]]]);
                var notOwn = privileged ? "" : " AND author_key IS DISTINCT FROM @viewer";
                groups.Add((score, $"(SELECT number, created_at, {score} AS score FROM stories WHERE {filters}{notOwn}{words} ORDER BY created_at DESC, number DESC LIMIT @reach)"));
            }

            matches.AppendJoin("\nUNION ALL ", groups.OrderByDescending(g => g.Score).Select(g => g.Sql));
            if (viewer is not null)
            {
                matches.Append("\nUNION ALL ").Append(Scored(terms, parameters, $"{filters} AND author_key = @viewer AND search_all @@ @q::tsquery", "search_all"));
            }
        }
        else
        {
            matches.Append(Scored(
                terms,
                parameters,
                privileged ? $"{filters} AND search_all @@ @q::tsquery" : $"{filters} AND (search_public @@ @q::tsquery OR (author_key = @viewer AND search_all @@ @q::tsquery))",
                privileged ? "search_all" : "(CASE WHEN author_key = @viewer THEN search_all ELSE search_public END)"));
        }

        return new StorySearchSql(matches.ToString(), count.ToString(), parameters, size, skip);
    }

    /// <summary>
    /// One page of <c>doc, number, version, total</c>: the page's narrow rows (number, created_at, score) first, and only
    /// they read their documents; the total (up to <see cref="CountLimit"/>) is counted once beside them.
    /// </summary>
    public NpgsqlCommand Page(NpgsqlConnection connection)
    {
        var command = Sql.Command(
            connection,
            $"""
            SELECT s.doc::text, s.number, s.version, (SELECT count(*) FROM ({_count} LIMIT @countLimit) counted) AS total
            FROM (SELECT number, created_at, score
                  FROM ({_matches}) matches
                  ORDER BY score DESC, created_at DESC, number DESC
                  LIMIT @limit OFFSET @offset) page
            JOIN stories s ON s.number = page.number
            ORDER BY page.score DESC, page.created_at DESC, page.number DESC
            """);
        AddParameters(command);
        return command.With("limit", _size).With("offset", _skip).With("countLimit", CountLimit + 1);
    }

    /// <summary>The number of matches, up to <see cref="CountLimit"/> + 1 (more than the limit: at least that many).</summary>
    public NpgsqlCommand Count(NpgsqlConnection connection)
    {
        var command = Sql.Command(connection, $"SELECT count(*) FROM ({_count} LIMIT @countLimit) counted");
        AddParameters(command);
        return command.With("countLimit", CountLimit + 1);
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

    // The matches in `where`, each scored on its vector (the tsvector column or expression the viewer searches).
    private static string Scored(string[] terms, List<NpgsqlParameter> parameters, string where, string vector)
    {
        if (!parameters.Any(p => p.ParameterName == "q"))
        {
            parameters.Add(new NpgsqlParameter("q", NpgsqlDbType.Text) { Value = string.Join(" & ", terms.Select(t => $"'{t}'")) });
        }

        var score = new StringBuilder();
        for (var i = 0; i < terms.Length; i++)
        {
            score.Append(i == 0 ? "" : " + ").Append("(CASE");
            foreach (var weight in Weights[..^1])
            {
                var name = $"t{i}{StoryRows.Letter(weight)}";
                if (!parameters.Any(p => p.ParameterName == name))
                {
                    parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = $"'{terms[i]}':{StoryRows.Letter(weight)}" });
                }

                score.Append($" WHEN {vector} @@ @{name}::tsquery THEN {weight}");
            }

            score.Append($" ELSE {StorySearchIndex.BodyWeight} END)");
        }

        return $"(SELECT number, created_at, {score} AS score FROM stories WHERE {where} OFFSET 0)";
    }

    private void AddParameters(NpgsqlCommand command)
    {
        foreach (var parameter in _parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }
    }
}
