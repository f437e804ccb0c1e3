using Dpse.Bot.Cli;
using Dpse.Bot.Shell;
using Dpse.Core.Stories;
using Dpse.Storage.LiteDb;
using Dpse.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dpse.Bot.Hosting;

/// <summary>
/// The executable's entry: parse the command line, build the host, check configuration and open the data file
/// before anything starts, run, and turn every refusal into one line in the bot's own words and an exit code from
/// <see cref="ExitCodes"/>. Nothing here prints a stack trace: a person reads this, not a debugger.
/// </summary>
public static class BotProgram
{
    /// <summary>Runs the executable; returns its exit code.</summary>
    public static async Task<int> RunAsync(string[] args, ShellConsole console, TextWriter output, TextWriter error, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var (command, problem) = CliCommand.Parse(args);
        if (command is null)
        {
            await error.WriteLineAsync(problem);
            await error.WriteLineAsync(CliCommand.Usage);
            return ExitCodes.Usage;
        }

        if (command.Verb == CliVerb.Help)
        {
            await output.WriteLineAsync(CliCommand.Usage);
            return ExitCodes.Done;
        }

        if (command.Verb == CliVerb.HealthCheck)
        {
            // Never opens the data file: the running bot holds it.
            return await HealthCheckVerb.RunAsync(command.File, command.HostArgs, output, error, settings);
        }

        try
        {
            using var host = BotHost.Build(command.HostArgs, console, runAdapters: command.Verb == CliVerb.Run, overrides, settings);
            ValidateConfiguration(host.Services);

            // Open the data file (and load the search index) now, so a refusal is one line here rather than a
            // "Hosting failed to start" trace from the hosted service that would otherwise open it.
            host.Services.GetRequiredService<IStoryStore>();
            if (command.Verb == CliVerb.Run)
            {
                // Resolved before the run: RunAsync disposes the host.
                var shell = host.Services.GetServices<IHostedService>().OfType<ShellAdapter>().FirstOrDefault();
                var exit = host.Services.GetRequiredService<HostExit>();
                await host.RunAsync();
                return exit.Code != 0 ? exit.Code : Environment.ExitCode != 0 ? Environment.ExitCode : shell?.ExitCode ?? ExitCodes.Done;
            }

            var runner = ActivatorUtilities.CreateInstance<CliRunner>(host.Services, output, error);
            return await runner.RunAsync(command, CancellationToken.None);
        }
        catch (ConfigurationProblemException exception)
        {
            foreach (var line in exception.Problems)
            {
                await error.WriteLineAsync($"Configuration error: {line}");
            }

            return ExitCodes.Configuration;
        }
        catch (PostgresUnavailableException exception)
        {
            // Unreachable for the start-up timeout, or refused (password, database): one line naming the key.
            await error.WriteLineAsync(OneLine(exception.Message));
            return ExitCodes.Configuration;
        }
        catch (OptionsValidationException exception)
        {
            // A setting refused while the host is built (Dpse:Storage:Provider), before options validation runs.
            foreach (var line in exception.Failures)
            {
                await error.WriteLineAsync($"Configuration error: {OneLine(line)}");
            }

            return ExitCodes.Configuration;
        }
        catch (DatabaseRefusedException exception)
        {
            await error.WriteLineAsync(OneLine(exception.Message));
            return ExitCodes.DataFileRefused;
        }
        catch (DataFileUnavailableException exception)
        {
            await error.WriteLineAsync(OneLine(exception.Message));
            return ExitCodes.DiskOrFile;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync(
                $"A file or disk error stopped Dpse.Bot: {OneLine(exception.Message)} Check the free space and permissions of the "
                + "folders involved (the data file is Dpse:Storage:LiteDb:Path) and try again.");
            return ExitCodes.DiskOrFile;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A bug: say so plainly; the type helps a bug report, the trace would only frighten.
            await error.WriteLineAsync($"Dpse.Bot stopped on an unexpected error ({exception.GetType().Name}): {OneLine(exception.Message)}");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// Runs every options validation registered with <c>ValidateOnStart</c> now, before the host starts, and turns
    /// failures into <see cref="ConfigurationProblemException"/>. The configuration binder reports a value it cannot
    /// convert as an <see cref="InvalidOperationException"/>; here, while only binding and validation run, that is
    /// what one means.
    /// </summary>
    private static void ValidateConfiguration(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException exception)
        {
            throw new ConfigurationProblemException([.. exception.Failures.Select(OneLine)], exception);
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(e => e is OptionsValidationException))
        {
            throw new ConfigurationProblemException([.. exception.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).Select(OneLine)], exception);
        }
        catch (InvalidOperationException exception)
        {
            var detail = exception.InnerException is { } inner ? $"{exception.Message} {inner.Message}" : exception.Message;
            throw new ConfigurationProblemException([OneLine(detail)], exception);
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    /// <summary>Configuration that cannot start the bot, as lines that each name the key.</summary>
    private sealed class ConfigurationProblemException(IReadOnlyList<string> problems, Exception inner) : Exception(string.Join(" ", problems), inner)
    {
        public IReadOnlyList<string> Problems { get; } = problems;
    }
}
