using Dpse.Bot.Cli;
using Dpse.Bot.Shell;
using Dpse.Storage.LiteDb;
using Dpse.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dpse.Bot.Hosting;

/// <summary>The executable's entry: parse the verb, build the host, run, and turn start-up failures into a clear message and exit code.</summary>
public static class BotProgram
{
    /// <summary>Exit code for a configuration or start-up problem the operator must fix.</summary>
    public const int ConfigurationError = 2;

    /// <summary>Runs the executable; returns its exit code.</summary>
    public static async Task<int> RunAsync(string[] args, ShellConsole console, TextWriter output, TextWriter error, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? overrides = null)
    {
        var (command, problem) = CliCommand.Parse(args);
        if (command is null || command.Verb == CliVerb.Help)
        {
            if (problem is not null)
            {
                await error.WriteLineAsync(problem);
            }

            await (problem is null ? output : error).WriteLineAsync(CliCommand.Usage);
            return problem is null ? 0 : ConfigurationError;
        }

        try
        {
            using var host = BotHost.Build(command.HostArgs, console, runAdapters: command.Verb == CliVerb.Run, overrides, settings);
            if (command.Verb == CliVerb.Run)
            {
                await host.RunAsync();
                return Environment.ExitCode;
            }

            var runner = ActivatorUtilities.CreateInstance<CliRunner>(host.Services, output, error);
            return await runner.RunAsync(command, CancellationToken.None);
        }
        catch (OptionsValidationException exception)
        {
            await error.WriteLineAsync($"Configuration error: {string.Join(" ", exception.Failures)}");
            return ConfigurationError;
        }
        catch (InvalidOperationException exception) when (exception.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
        {
            // The binder names the key it could not convert, e.g. 'Dpse:Exchange:DigestDay'.
            await error.WriteLineAsync($"Configuration error: {exception.Message}");
            return ConfigurationError;
        }
        catch (PostgresUnavailableException exception)
        {
            // Unreachable for the start-up timeout, or refused (password, database): one line naming the key.
            await error.WriteLineAsync(exception.Message);
            return ConfigurationError;
        }
        catch (DatabaseRefusedException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return ConfigurationError;
        }
    }
}
