using Dpse.Bot.Hosting;
using Dpse.Bot.Shell;
using Microsoft.Extensions.DependencyInjection;

namespace Dpse.Bot.Tests;

/// <summary>Runs the executable's entry in-process with a scripted terminal and a data file in a temporary folder.</summary>
internal sealed class BotRun : IDisposable
{
    public BotRun()
    {
        Folder = Directory.CreateTempSubdirectory("dpse-bot-tests-").FullName;
        DataPath = Path.Combine(Folder, "data", "dpse.db");
    }

    public string Folder { get; }

    public string DataPath { get; }

    /// <summary>Runs the bot with piped input as <paramref name="user"/>; returns the exit code, standard output and standard error.</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string[] args,
        string input = "",
        string user = "alice",
        bool moderator = false,
        IDictionary<string, string?>? extra = null,
        Action<IServiceCollection>? overrides = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["Dpse:Storage:LiteDb:Path"] = DataPath,
            ["Dpse:Shell:User"] = user,
            ["Dpse:Shell:Moderator"] = moderator ? "true" : "false",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var console = new ShellConsole(new StringReader(input), output, interactive: false);
        var code = await BotProgram.RunAsync(args, console, output, error, settings, overrides).WaitAsync(TimeSpan.FromSeconds(60));
        return (code, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
