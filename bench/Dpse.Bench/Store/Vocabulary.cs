using System.Text;
using Dpse.Core.Identity;
using Dpse.Core.Stories;

namespace Dpse.Bench.Store;

/// <summary>Generated words with a Zipf-like frequency: a few are everywhere, most are rare, as in real prose.</summary>
internal sealed class Vocabulary
{
    private static readonly string[] Domain =
    [
        "council", "search", "solr", "migration", "accessibility", "drupal", "webform", "hosting", "content", "editor",
        "procurement", "performance", "caching", "headless", "preview", "translation", "workflow", "intranet", "identity", "forms",
    ];

    private readonly string[] _words;
    private readonly double[] _cumulative;

    private Vocabulary(string[] words)
    {
        _words = words;
        _cumulative = new double[words.Length];
        var total = 0.0;
        for (var i = 0; i < words.Length; i++)
        {
            total += 1.0 / (i + 1);
            _cumulative[i] = total;
        }

        for (var i = 0; i < words.Length; i++)
        {
            _cumulative[i] /= total;
        }
    }

    public static Vocabulary Create(Random random)
    {
        var words = new List<string>(Domain);
        const string letters = "abcdefghiklmnoprstuvw";
        while (words.Count < 20_000)
        {
            var word = new StringBuilder();
            var length = random.Next(4, 10);
            for (var i = 0; i < length; i++)
            {
                word.Append(letters[random.Next(letters.Length)]);
            }

            words.Add(word.ToString());
        }

        return new Vocabulary([.. words]);
    }

    public string Word(Random random)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble());
        return _words[index < 0 ? ~index : index];
    }

    /// <summary>A word from the rarer half of the vocabulary, uniformly: in a handful of stories at most.</summary>
    public string RareWord(Random random) => _words[random.Next(_words.Length / 2, _words.Length)];

    public string Sentence(Random random, int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Word(random)));

    /// <summary>One to three words, as people search.</summary>
    public string Query(Random random) => Sentence(random, random.Next(1, 4));

    public Story Story(Random random, int number, ActorRef author, DateTimeOffset created) => new()
    {
        Number = number,
        Outcome = (StoryOutcome)(number % 4),
        Title = Sentence(random, 6),
        Summary = Sentence(random, 40),
        Lessons = Sentence(random, 30),
        Context = Sentence(random, 20),
        Organisation = $"{Word(random)} council",
        Attribution = number % 5 == 0 ? Attribution.Anonymised : Attribution.Named,
        Sector = number % 3 == 0 ? "health" : "local government",
        Modules = [Word(random)],
        Tags = [Word(random), Word(random)],
        Author = author,
        AuthorName = "bench",
        CreatedAt = created,
        UpdatedAt = created,
    };
}
