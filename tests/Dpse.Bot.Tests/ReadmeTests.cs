using Dpse.Core.Help;

namespace Dpse.Bot.Tests;

public sealed class ReadmeTests
{
    [Fact]
    public void Readme_CommandReference_MatchesTheCatalogue()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        const string start = "<!-- commands:start -->\n";
        const string end = "<!-- commands:end -->";
        var from = readme.IndexOf(start, StringComparison.Ordinal) + start.Length;
        var to = readme.IndexOf(end, StringComparison.Ordinal);
        var expected = CommandReference.Markdown();

        Assert.True(from >= start.Length && to >= from, "README.md must keep the commands:start/end markers.");
        if (readme[from..to] != expected)
        {
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "dpse-command-reference.md"), expected);
        }

        Assert.Equal(expected, readme[from..to]);
    }

    [Fact]
    public void Readme_StartsWithTheRunAndTestCommands()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoRoot(), "README.md"));
        var firstCommands = lines.SkipWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).Skip(1).Take(2).ToArray();

        Assert.StartsWith("dotnet run --project src/Dpse.Bot", firstCommands[0]);
        Assert.StartsWith("dotnet test", firstCommands[1]);
        Assert.Contains("dotnet test", File.ReadAllText(Path.Combine(RepoRoot(), ".ci", "run")));
    }

    [Fact]
    public void Config_EveryDocsPageItMentions_Exists()
    {
        var root = RepoRoot();
        var mentioned = Directory.GetFiles(Path.Combine(root, "config"))
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), @"docs/[A-Za-z0-9_.-]+\.md").Select(m => m.Value))
            .Distinct()
            .ToList();

        Assert.NotEmpty(mentioned);
        Assert.All(mentioned, page => Assert.True(File.Exists(Path.Combine(root, page)), $"{page} is mentioned in config/ but missing"));
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dpse.Bot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Dpse.Bot.sln not found above the test folder.");
    }
}
