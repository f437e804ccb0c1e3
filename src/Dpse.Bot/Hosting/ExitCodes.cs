namespace Dpse.Bot.Hosting;

/// <summary>
/// The executable's exit codes, documented in README.md ("Exit codes"), so scripts and supervisors can tell a typo
/// from a bad setting from a data file that must not be opened.
/// </summary>
public static class ExitCodes
{
    /// <summary>Done: the verb succeeded, or the shell or bot stopped normally.</summary>
    public const int Done = 0;

    /// <summary>A command failed: a verb's input was refused, or a piped shell command answered with an error.</summary>
    public const int CommandFailed = 1;

    /// <summary>The command line is malformed (unknown verb or option, argument out of place).</summary>
    public const int Usage = 2;

    /// <summary>A configuration value is missing or invalid; the message names the key.</summary>
    public const int Configuration = 3;

    /// <summary>The data file was not opened: it is not this application's, is in use, or its log does not belong to it.</summary>
    public const int DataFileRefused = 4;

    /// <summary>A file or disk error: a folder that cannot be created or written, a full disk.</summary>
    public const int DiskOrFile = 5;

    /// <summary>Every enabled platform adapter stopped for good (bad token, revoked app): the log says why.</summary>
    public const int AdaptersStopped = 6;

    /// <summary>An unexpected internal error (a bug); the one line printed carries its type.</summary>
    public const int InternalError = 70;
}
