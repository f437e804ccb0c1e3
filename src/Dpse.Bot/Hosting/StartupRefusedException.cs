namespace Dpse.Bot.Hosting;

/// <summary>Start-up stopped for a reason the operator must fix (e.g. the data file is in use); the message says what.</summary>
public sealed class StartupRefusedException(string message, Exception? inner = null) : Exception(message, inner);
