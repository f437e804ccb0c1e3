using System.Text;
using Dpse.Core.Search;
using Dpse.Core.Stories;
using Npgsql;

namespace Dpse.Storage.Postgres.Stories;

/// <summary>Writes a story's row (its document and every column derived from it) and reads stories back.</summary>
internal static class StoryRows
{
    /// <summary>The columns <see cref="Read"/> maps, in order.</summary>
    public const string Columns = "doc::text, number, version";

    /// <summary>The prefix of an entry for moderators and the author only.</summary>
    public const string AllOnly = "a";

    /// <summary>The prefix of an entry for members only.</summary>
    public const string PublicOnly = "p";

    /// <summary>A story from <see cref="Columns"/>; the version is the column's (the document does not carry it).</summary>
    public static Story Read(NpgsqlDataReader reader) => Sql.FromJson<Story>(reader.GetString(0)) with { Number = reader.GetInt32(1), Version = reader.GetInt64(2) };

    /// <summary>Inserts or replaces the row of <paramref name="story"/> (at its <see cref="Story.Version"/>); with <paramref name="syncCelebrations"/>, rewrites its celebration rows too.</summary>
    public static async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Story story, bool syncCelebrations, CancellationToken cancellationToken)
    {
        var terms = StoryTerms.Weighted(story).ToList();
        await using (var save = Sql.Command(
                connection,
                """
                INSERT INTO stories (number, doc, version, created_at, status, outcome, author_key, anonymised, tags, sector_key,
                                     organisation_key, description_key, search_all, search_public, search_ranks)
                VALUES (@number, @doc, @version, @created, @status, @outcome, @author, @anonymised, @tags, @sector, @org, @description,
                        @all::tsvector, @public::tsvector, array_to_tsvector(@ranks))
                ON CONFLICT (number) DO UPDATE SET
                    doc = excluded.doc, version = excluded.version, created_at = excluded.created_at, status = excluded.status,
                    outcome = excluded.outcome, author_key = excluded.author_key, anonymised = excluded.anonymised,
                    tags = excluded.tags, sector_key = excluded.sector_key, organisation_key = excluded.organisation_key,
                    description_key = excluded.description_key, search_all = excluded.search_all, search_public = excluded.search_public,
                    search_ranks = excluded.search_ranks
                """,
                transaction)
            .With("number", story.Number)
            .WithJson("doc", Sql.ToJson(story))
            .With("version", story.Version)
            .With("created", story.CreatedAt)
            .With("status", story.Status.ToString())
            .With("outcome", story.Outcome.ToString())
            .With("author", story.Author.Key)
            .With("anonymised", story.Attribution == Attribution.Anonymised)
            .With("tags", story.Tags.Select(t => t.ToLowerInvariant()).ToArray())
            .With("sector", Key(story.Sector?.Trim()))
            .With("org", Key(story.Organisation))
            .With("description", Key(story.OrganisationDescription))
            .With("all", Vector(terms.Select(t => (t.Term, t.Weight))))
            .With("public", Vector(terms.Select(t => (t.Term, t.PublicWeight))))
            .With("ranks", Ranks(terms)))
        {
            await save.ExecuteNonQueryAsync(cancellationToken);
        }

        if (!syncCelebrations)
        {
            return;
        }

        await using var sync = Sql.Command(
                connection,
                """
                DELETE FROM story_celebrations WHERE story_number = @number;
                INSERT INTO story_celebrations (story_number, person_key, at)
                SELECT @number, person, at FROM unnest(@people, @ats) AS c(person, at) ON CONFLICT DO NOTHING;
                """,
                transaction)
            .With("number", story.Number)
            .With("people", story.Celebrations.Select(c => c.Person.Key).ToArray())
            .With("ats", story.Celebrations.Select(c => c.At.ToUniversalTime()).ToArray(), NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz);
        await sync.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Case-insensitive comparison key: the same folding as the in-memory index's ordinal-ignore-case.</summary>
    public static string? Key(string? value) => value?.ToUpperInvariant();

    /// <summary>
    /// A tsvector literal with one position per term, weighted by the best field it is in (8 A, 4 B, 2 C, 1 D); terms of
    /// weight 0 are left out. Terms are letters and digits only (<see cref="SearchText"/>), so quoting is safe.
    /// </summary>
    public static string Vector(IEnumerable<(string Term, int Weight)> terms)
    {
        var text = new StringBuilder();
        foreach (var (term, weight) in terms)
        {
            if (weight <= 0)
            {
                continue;
            }

            text.Append(text.Length == 0 ? "" : " ").Append('\'').Append(term).Append("':1").Append(Letter(weight));
        }

        return text.ToString();
    }

    /// <summary>
    /// The <c>search_ranks</c> lexemes (migration 0007, a tsvector without positions): each term behind the letter of its weight (<c>A:solr</c>), or,
    /// when members see it at another weight than moderators and the author do, twice: <c>aB:anytown</c> (everyone's
    /// weight, search_all) and <c>pB:anytown</c> (members' weight, search_public); weight 0 writes no entry.
    /// </summary>
    public static string[] Ranks(IEnumerable<(string Term, int Weight, int PublicWeight)> terms)
    {
        var ranks = new List<string>();
        foreach (var (term, weight, publicWeight) in terms)
        {
            if (weight == publicWeight)
            {
                if (weight > 0)
                {
                    ranks.Add(Rank("", weight, term));
                }

                continue;
            }

            if (weight > 0)
            {
                ranks.Add(Rank(AllOnly, weight, term));
            }

            if (publicWeight > 0)
            {
                ranks.Add(Rank(PublicOnly, publicWeight, term));
            }
        }

        return [.. ranks];
    }

    /// <summary>One <c>search_ranks</c> entry.</summary>
    public static string Rank(string prefix, int weight, string term) => $"{prefix}{Letter(weight)}:{term}";

    /// <summary>The tsvector weight letter of an index weight.</summary>
    public static char Letter(int weight) => weight switch
    {
        >= StorySearchIndex.TitleWeight => 'A',
        >= StorySearchIndex.NameWeight => 'B',
        >= StorySearchIndex.SummaryWeight => 'C',
        _ => 'D',
    };
}
