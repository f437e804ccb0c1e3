namespace Dpse.Core.Commands;

/// <summary>
/// Asks the adapter to open <see cref="Form"/> for <see cref="Command"/>, keeping the options already given.
/// When the form is submitted, the adapter sends the same command again with the fields merged in.
/// </summary>
public sealed record FormRequest(CommandSpec Command, FormSpec Form, IReadOnlyDictionary<string, string> Given);
