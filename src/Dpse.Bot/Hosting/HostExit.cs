namespace Dpse.Bot.Hosting;

/// <summary>
/// The exit code a hosted service asks for when it stops the host (read by <see cref="BotProgram"/> after the run),
/// kept per host rather than in <c>Environment.ExitCode</c> so hosts in one test process do not share it.
/// </summary>
public sealed class HostExit
{
    /// <summary>Exit code when every enabled platform adapter stopped for good (bad token, revoked app): fix the configuration, then restart.</summary>
    public const int AllAdaptersStopped = ExitCodes.AdaptersStopped;

    private int _code;

    /// <summary>The code requested, 0 when none.</summary>
    public int Code => Volatile.Read(ref _code);

    /// <summary>Requests <paramref name="code"/> (the first request wins).</summary>
    public void Request(int code) => Interlocked.CompareExchange(ref _code, code, 0);
}
