using Dpse.Core.Stories;

namespace Dpse.Core.Search;

/// <summary>
/// An in-memory inverted index over stories that any store can keep beside its data, so ranking is the same on
/// every provider. Ranking: every query word must match; a word scores by the best field it is found in
/// (title and tags above organisation and modules, above summary, above the long fields); ties go to the newer story.
/// An anonymised story's organisation matches only for moderators and its author, so a search cannot reveal it.
/// Thread-safe; the caller keeps it in step with its writes (<see cref="Add"/>, <see cref="Replace"/>).
/// </summary>
public sealed class StorySearchIndex
{
    /// <summary>Weight of a word found in the title or the tags.</summary>
    public const int TitleWeight = 8;

    /// <summary>Weight of a word found in the organisation or the modules.</summary>
    public const int NameWeight = 4;

    /// <summary>Weight of a word found in the summary.</summary>
    public const int SummaryWeight = 2;

    /// <summary>The highest story number the index holds (numbers are packed into 24 bits).</summary>
    public const int MaxNumber = (1 << 23) - 1;

    /// <summary>Weight of a word found in lessons, context or what happened.</summary>
    public const int BodyWeight = 1;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Posting>> _postings = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Entry> _entries = [];

    // Authors, tags and sectors repeat across thousands of stories: keep one copy of each string.
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    // Newest last; lists walk it backwards. Kept sorted by (created, number).
    private readonly List<Entry> _byCreated = [];

    /// <summary>Number of stories indexed.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Adds a story that is not yet indexed.</summary>
    public void Add(Story story)
    {
        lock (_gate)
        {
            AddLocked(story);
        }
    }

    /// <summary>Replaces <paramref name="old"/> (as it was indexed) with <paramref name="updated"/>.</summary>
    public void Replace(Story old, Story updated)
    {
        lock (_gate)
        {
            RemoveLocked(old);
            AddLocked(updated);
        }
    }

    /// <summary>Releases the spare capacity of the term lists after a bulk load (they grow by doubling).</summary>
    public void TrimExcess()
    {
        lock (_gate)
        {
            foreach (var list in _postings.Values)
            {
                list.TrimExcess();
            }

            _byCreated.TrimExcess();
        }
    }

    /// <summary>Empties the index.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _postings.Clear();
            _entries.Clear();
            _strings.Clear();
            _byCreated.Clear();
        }
    }

    /// <summary>The numbers of one page of matches, best first, and the total number of matches.</summary>
    public (IReadOnlyList<int> Numbers, int Total) Search(StoryQuery query)
    {
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, 100);
        var privileged = query.Viewer?.IsModerator == true;
        var terms = SearchText.Terms(query.Text).Distinct().ToArray();

        lock (_gate)
        {
            return terms.Length == 0 ? ListLocked(query, privileged, page, size) : SearchLocked(query, terms, privileged, page, size);
        }
    }

    private (IReadOnlyList<int>, int) ListLocked(StoryQuery query, bool privileged, int page, int size)
    {
        var skip = (page - 1) * size;
        var numbers = new List<int>(size);
        var total = 0;
        for (var i = _byCreated.Count - 1; i >= 0; i--)
        {
            var entry = _byCreated[i];
            if (!Passes(entry, query, privileged))
            {
                continue;
            }

            if (total >= skip && numbers.Count < size)
            {
                numbers.Add(entry.Number);
            }

            total++;
        }

        return (numbers, total);
    }

    private (IReadOnlyList<int>, int) SearchLocked(StoryQuery query, string[] terms, bool privileged, int page, int size)
    {
        var viewerKey = query.Viewer?.Ref.Key;
        var lists = new List<List<Posting>>(terms.Length);
        foreach (var term in terms)
        {
            if (!_postings.TryGetValue(term, out var list))
            {
                return ([], 0);
            }

            lists.Add(list);
        }

        lists.Sort((a, b) => a.Count.CompareTo(b.Count));

        // Walk the rarest word's list; every list is sorted by number, so each other word is found by moving a
        // cursor forward (binary search), without allocating per match. A story counts only if every word matches.
        var cursors = new int[lists.Count];
        var keep = page * size;
        var heap = new PriorityQueue<Entry, (int Score, long Created, int Number)>(keep + 1);
        var rankOrder = Comparer<(int Score, long Created, int Number)>.Default;
        var total = 0;
        foreach (var posting in lists[0])
        {
            var score = Visible(posting, privileged, viewerKey);
            if (score == 0)
            {
                continue;
            }

            for (var t = 1; t < lists.Count && score > 0; t++)
            {
                var list = lists[t];
                var at = cursors[t] = FindSlot(list, posting.Number, cursors[t]);
                if (at == list.Count)
                {
                    goto Done; // This word has no story numbered this high: no further match is possible.
                }

                var weight = list[at].Number == posting.Number ? Visible(list[at], privileged, viewerKey) : 0;
                score = weight == 0 ? 0 : score + weight;
            }

            if (score == 0)
            {
                continue;
            }

            var entry = _entries[posting.Number];
            if (!Passes(entry, query, privileged))
            {
                continue;
            }

            // Keep the best page*size in a heap whose root is the worst kept match.
            total++;
            var rank = (score, entry.CreatedTicks, entry.Number);
            if (heap.Count == keep && heap.TryPeek(out _, out var worst) && rankOrder.Compare(rank, worst) <= 0)
            {
                continue;
            }

            heap.Enqueue(entry, rank);
            if (heap.Count > keep)
            {
                heap.Dequeue();
            }
        }

    Done:
        var best = new List<(Entry Entry, (int Score, long Created, int Number) Rank)>(heap.Count);
        while (heap.TryDequeue(out var entry, out var rank))
        {
            best.Add((entry, rank));
        }

        best.Reverse();
        var numbers = best.Skip((page - 1) * size).Select(b => b.Entry.Number).ToList();
        return (numbers, total);
    }

    private int Visible(Posting posting, bool privileged, string? viewerKey) =>
        posting.Restricted && !privileged && _entries[posting.Number].AuthorKey != viewerKey ? posting.PublicWeight : posting.Weight;

    private static bool Passes(Entry entry, StoryQuery query, bool privileged)
    {
        if (entry.Status != ContentStatus.Published && !(privileged && query.IncludeHidden))
        {
            return false;
        }

        if (query.Outcome is { } outcome && entry.Outcome != outcome)
        {
            return false;
        }

        if (query.Author is { } author && entry.AuthorKey != author.Key)
        {
            return false;
        }

        if (query.Tag is { Length: > 0 } tag && !entry.Tags.Contains(tag.Trim().ToLowerInvariant()))
        {
            return false;
        }

        if (query.Sector is { Length: > 0 } sector && !string.Equals(entry.Sector, sector.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (query.Organisation is { Length: > 0 } org)
        {
            var mayMatchReal = !entry.Anonymised || privileged || query.Viewer?.Ref.Key == entry.AuthorKey;
            var shown = mayMatchReal ? entry.Organisation : entry.OrganisationDescription;
            if (shown is null || !shown.Contains(org.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private void AddLocked(Story story)
    {
        if (_entries.ContainsKey(story.Number))
        {
            throw new InvalidOperationException($"{story.Id} is already indexed.");
        }

        var entry = new Entry(story, Intern);
        _entries[story.Number] = entry;
        var at = _byCreated.BinarySearch(entry, EntryByCreated.Instance);
        _byCreated.Insert(at < 0 ? ~at : at, entry);

        foreach (var (term, posting) in Postings(story))
        {
            if (!_postings.TryGetValue(term, out var list))
            {
                list = new List<Posting>(1);
                _postings[term] = list;
            }

            // Numbers mostly arrive in order, so this is nearly always an append.
            var index = list.Count == 0 || list[^1].Number < posting.Number ? list.Count : FindSlot(list, posting.Number);
            list.Insert(index, posting);
        }
    }

    private void RemoveLocked(Story story)
    {
        if (!_entries.Remove(story.Number, out var entry))
        {
            return;
        }

        var at = _byCreated.BinarySearch(entry, EntryByCreated.Instance);
        if (at >= 0)
        {
            _byCreated.RemoveAt(at);
        }

        foreach (var (term, _) in Postings(story))
        {
            if (_postings.TryGetValue(term, out var list))
            {
                var index = FindSlot(list, story.Number);
                if (index < list.Count && list[index].Number == story.Number)
                {
                    list.RemoveAt(index);
                }

                if (list.Count == 0)
                {
                    _postings.Remove(term);
                }
            }
        }
    }

    private string Intern(string value)
    {
        if (_strings.TryGetValue(value, out var existing))
        {
            return existing;
        }

        _strings[value] = value;
        return value;
    }

    private static int FindSlot(List<Posting> list, int number, int from = 0)
    {
        int lo = from, hi = list.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (list[mid].Number < number)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Each distinct term of a story with its best weight, and the weight a member may see.</summary>
    private static IEnumerable<(string Term, Posting Posting)> Postings(Story story) =>
        StoryTerms.Weighted(story).Select(t => (t.Term, new Posting(story.Number, t.Weight, t.PublicWeight)));

    /// <summary>
    /// One story in one term's list, packed into 4 bytes (100k stories carry millions of these): the number in the top
    /// 24 bits, the weight and the weight a member may see (0 when the term occurs only in a hidden organisation) in 4 bits each.
    /// </summary>
    private readonly record struct Posting
    {
        private readonly int _packed;

        public Posting(int number, int weight, int publicWeight)
        {
            if (number is <= 0 or > MaxNumber)
            {
                throw new ArgumentOutOfRangeException(nameof(number), number, $"Story numbers must be between 1 and {MaxNumber}.");
            }

            _packed = (number << 8) | (weight << 4) | publicWeight;
        }

        public int Number => _packed >>> 8;

        public int Weight => (_packed >> 4) & 0xF;

        public int PublicWeight => _packed & 0xF;

        public bool Restricted => Weight != PublicWeight;
    }

    private sealed class Entry(Story story, Func<string, string> intern)
    {
        public int Number { get; } = story.Number;

        public long CreatedTicks { get; } = story.CreatedAt.UtcTicks;

        public StoryOutcome Outcome { get; } = story.Outcome;

        public ContentStatus Status { get; } = story.Status;

        public bool Anonymised { get; } = story.Attribution == Attribution.Anonymised;

        public string? Organisation { get; } = story.Organisation;

        public string? OrganisationDescription { get; } = story.OrganisationDescription;

        public string? Sector { get; } = story.Sector is null ? null : intern(story.Sector.Trim());

        public string AuthorKey { get; } = intern(story.Author.Key);

        public string[] Tags { get; } = [.. story.Tags.Select(t => intern(t.ToLowerInvariant()))];
    }

    private sealed class EntryByCreated : IComparer<Entry>
    {
        public static EntryByCreated Instance { get; } = new();

        public int Compare(Entry? x, Entry? y)
        {
            var byTime = x!.CreatedTicks.CompareTo(y!.CreatedTicks);
            return byTime != 0 ? byTime : x.Number.CompareTo(y.Number);
        }
    }
}
