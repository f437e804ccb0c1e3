using Dpse.Core.Identity;

namespace Dpse.Core.Commands;

/// <summary>
/// A checked command: every option present has passed its kind and bounds and holds a typed value.
/// Handlers read values with <see cref="Get{T}(Option{T})"/> (or <see cref="InvocationValues.Get{T}(CommandInvocation, Option{T})"/>
/// for value types) and typed descriptors from <see cref="CommandOptions"/>, and never see raw text or casts.
/// <see cref="Cleared"/> names the optional options typed with an empty value (<c>lessons:""</c>): an edit clears them.
/// </summary>
public sealed class CommandInvocation(
    CommandSpec spec,
    IReadOnlyDictionary<string, object> values,
    Actor actor,
    ChannelRef place,
    bool fromButton = false,
    IReadOnlyCollection<string>? cleared = null)
{
    /// <summary>The command being run.</summary>
    public CommandSpec Spec { get; } = spec;

    /// <summary>Who asked.</summary>
    public Actor Actor { get; } = actor;

    /// <summary>Where they asked.</summary>
    public ChannelRef Place { get; } = place;

    /// <summary>True when the command came from a button on a card.</summary>
    public bool FromButton { get; } = fromButton;

    /// <summary>Whether the option was given.</summary>
    public bool Has<T>(Option<T> option)
        where T : notnull => Read(option) is not null;

    /// <summary>Names of the options given.</summary>
    public IEnumerable<string> Given => values.Keys;

    /// <summary>Names of the optional options given with an empty value, meaning "clear it" to an edit and "not given" to everything else.</summary>
    public IReadOnlyCollection<string> Cleared { get; } = cleared ?? [];

    /// <summary>Whether the option was given with an empty value.</summary>
    public bool IsCleared<T>(Option<T> option)
        where T : notnull => Read(option) is null && Cleared.Contains(option.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The value of <paramref name="option"/>, or null when it was not given. The type comes with the descriptor, so a
    /// wrong-type read does not compile; reading an option the command does not declare (or declares with another type
    /// under that name) is a bug and throws, which the router answers with a reference id.
    /// </summary>
    public T? Get<T>(Option<T> option)
        where T : class => (T?)Read(option);

    /// <summary>The value behind a typed read, checked against the spec: see <see cref="Get{T}(Option{T})"/>.</summary>
    internal object? Read<T>(Option<T> option)
        where T : notnull
    {
        if (Spec.Option(option.Name) is not { } declared || declared.ValueType != typeof(T))
        {
            throw new InvalidOperationException($"/dpse {Spec.Path} declares no {typeof(T).Name} option '{option.Name}'.");
        }

        return values.TryGetValue(option.Name, out var value) ? value : null;
    }
}
