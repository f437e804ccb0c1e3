namespace Dpse.Storage.Postgres;

/// <summary>The PostgreSQL store could not start: the message is one line for the operator, naming the configuration key.</summary>
public sealed class PostgresUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
