using Dpse.Core.Identity;

namespace Dpse.Core.Commands;

/// <summary>Suggestions while a person types an option marked <see cref="OptionSpec.Autocomplete"/> (story and event ids, tags, sectors).</summary>
public interface ICompletionSource
{
    /// <summary>At most 25 suggestions for <paramref name="optionName"/> of <paramref name="spec"/> starting from <paramref name="partial"/>.</summary>
    Task<IReadOnlyList<Completion>> CompleteAsync(CommandSpec spec, string optionName, string partial, Actor actor, CancellationToken cancellationToken);
}

/// <summary>One suggestion: what people see and the value that is sent.</summary>
public sealed record Completion(string Label, string Value);
