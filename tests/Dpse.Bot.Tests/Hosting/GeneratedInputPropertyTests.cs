using System.Text;
using Dpse.Storage.LiteDb;

namespace Dpse.Bot.Tests.Hosting;

/// <summary>
/// Drives the CLI verbs and the shell with generated command lines, data paths, file contents and typed lines (a
/// seeded generator, so a failure names its case and replays), and checks the properties a careless or hostile user
/// relies on: every run ends with a documented exit code and no stack trace, the data file still opens, and it keeps
/// its contents unless the command was one that writes.
/// </summary>
public sealed class GeneratedInputPropertyTests
{
    private const int Cases = 60;
    private static readonly int[] Documented = [0, 1, 2, 3, 4, 5];

    private static readonly string[] Verbs = ["", "seed", "export", "import", "help", "run", "story", "--help", "-x", "--hlep", "EXPORT"];
    private static readonly string[] Keys =
        ["Dpse:Shell:User", "Dpse:Shell:Channel", "Dpse:Exchange:DigestDay", "Dpse:Exchange:DefaultTimeZone", "Dpse:Exchange:ReminderOffsets", "Dpse:Storage:LiteDb:Path", "Dpse:Shell:Moderator", "Logging:LogLevel:Default"];

    private static readonly string[] Lines =
    [
        "story list", "story share outcome:success title:\"T\" summary:\"S\"", "story show S-1", "story celebrate S-2", "event add title:x start:\"2027-03-01 24:00\"",
        "story edit S-1 lessons:\"\"", "mod hide S-1", "me forget confirm:yes", "digest subscribe day:funday", "story search", "help story share", "quit",
        "mod export", "me export", "event rsvp E-1 going", "story delete S-3",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GeneratedRuns_EndWithADocumentedCode_NoStackTrace_AndTheDataFileIntact()
    {
        using var run = new BotRun();
        Assert.Equal(0, (await run.RunAsync(["seed"])).ExitCode);
        var random = new Random(20261202);

        for (var i = 0; i < Cases; i++)
        {
            var (args, input, writes, foreignFile) = Generate(random, run, i);
            var before = Snapshot(run.DataPath);
            var foreignBefore = foreignFile is null ? null : await File.ReadAllBytesAsync(foreignFile, Ct);
            var description = $"case {i}: args [{string.Join(", ", args.Select(a => a.Length > 80 ? a[..80] + "…" : a))}], input {input.Length} chars";

            var result = await run.RunAsync(args, input);

            Assert.True(Documented.Contains(result.ExitCode), $"{description}: exit {result.ExitCode}\n{result.Error}");
            Assert.False(HasStackTrace(result.Output) || HasStackTrace(result.Error), $"{description}: stack trace\n{result.Error}");
            var after = Snapshot(run.DataPath);
            if (!writes)
            {
                Assert.True(before == after, $"{description}: the data file changed");
            }

            if (foreignFile is not null)
            {
                Assert.Equal(foreignBefore, await File.ReadAllBytesAsync(foreignFile, Ct));
            }
        }
    }

    private static (string[] Args, string Input, bool Writes, string? ForeignFile) Generate(Random random, BotRun run, int index)
    {
        var verb = Verbs[random.Next(Verbs.Length)];
        var args = new List<string>();
        if (verb.Length > 0)
        {
            args.Add(verb);
        }

        string? foreign = null;
        if (verb is "export" or "import" && random.Next(3) > 0)
        {
            args.Add(Path.Combine(run.Folder, $"gen-{index}.json"));
            if (verb == "import")
            {
                File.WriteAllText(args[^1], Content(random));
            }
        }

        for (var n = random.Next(4); n > 0; n--)
        {
            args.Add(random.Next(6) switch
            {
                0 => Garbage(random, 12),
                1 => "--" + Garbage(random, 8) + "=" + Garbage(random, 8),
                2 => $"--Dpse:Storage:LiteDb:Path={DataPath(random, run, index, out foreign)}",
                _ => $"--{Keys[random.Next(Keys.Length)]}={Value(random)}",
            });
        }

        var input = string.Join('\n', Enumerable.Range(0, random.Next(6)).Select(_ => random.Next(4) == 0 ? Garbage(random, 300) : Lines[random.Next(Lines.Length)])) + "\n";

        // Runs that may change the data file: the shell (it runs commands), seed and import.
        var writes = verb is "" or "run" or "seed" or "import";
        return ([.. args], input, writes, foreign);
    }

    private static string DataPath(Random random, BotRun run, int index, out string? foreign)
    {
        foreign = null;
        switch (random.Next(5))
        {
            case 0:
                foreign = Path.Combine(run.Folder, $"foreign-{index}.txt");
                File.WriteAllText(foreign, Content(random));
                return foreign;
            case 1:
                return "/dev/null";
            case 2:
                var file = Path.Combine(run.Folder, $"plain-{index}.txt");
                File.WriteAllText(file, "x");
                return Path.Combine(file, "dpse.db");
            case 3:
                return run.Folder;
            default:
                return Path.Combine(run.Folder, $"other-{index}", "dpse.db");
        }
    }

    private static string Content(Random random) => random.Next(4) switch
    {
        0 => "{\"formatVersion\":1,\"stories\":[{\"number\":" + random.Next(-5, 5) + ",\"title\":" + (random.Next(2) == 0 ? "3" : "\"x\"") + "}],\"events\":[]}",
        1 => "",
        2 => Garbage(random, 5000),
        _ => "{\"stories\":" + new string('[', random.Next(1, 200)),
    };

    private static string Value(Random random) => random.Next(4) switch
    {
        0 => "",
        1 => Garbage(random, 20),
        2 => random.Next(-100, 100).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "Mars/Olympus",
    };

    private static string Garbage(Random random, int maxLength)
    {
        const string alphabet = "abcXYZ019 -_:=./\\\"'`$*?{}[]<>|&;\u001b\u0000\u0007\t\né€☃\u202e";
        var text = new StringBuilder();
        for (var n = random.Next(1, maxLength); n > 0; n--)
        {
            text.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return text.ToString().Replace("\u0000", "0", StringComparison.Ordinal);
    }

    private static bool HasStackTrace(string text) => text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Unhandled exception", StringComparison.Ordinal);

    /// <summary>Every document of every collection, as JSON: the data file's contents, read through a fresh open.</summary>
    private static string Snapshot(string dataPath)
    {
        using var database = new LiteDbDatabase(dataPath);
        return database.Read(db => string.Join('\n', db.GetCollectionNames().Order(StringComparer.Ordinal).Select(name =>
            name + ":" + string.Join(',', db.GetCollection(name).FindAll().Select(d => LiteDB.JsonSerializer.Serialize(d))))));
    }
}
