namespace Dpse.Core.Commands;

/// <summary>
/// A typed option: its <see cref="OptionSpec"/> (what the catalogue declares and every platform renders) together with
/// the type <typeparamref name="T"/> the converter produces for it. Handlers read values only through these, with
/// <see cref="CommandInvocation.Get{T}(Option{T})"/>, so reading an option as the wrong type does not compile.
/// Instances come from the factories on <see cref="Option"/>, which pair each <see cref="OptionKind"/> with its one type;
/// the shared descriptors are in <see cref="CommandOptions"/>.
/// </summary>
/// <typeparam name="T">The value's type: <c>string</c>, <c>long</c>, an enum, <c>LocalDateTime</c>...</typeparam>
public sealed class Option<T>
    where T : notnull
{
    internal Option(OptionSpec spec) => Spec = spec;

    /// <summary>The declaration the catalogue lists.</summary>
    public OptionSpec Spec { get; }

    /// <summary>The option's name.</summary>
    public string Name => Spec.Name;

    /// <summary>The spec of an option given as <c>option</c> (catalogue lists take either).</summary>
    public static implicit operator OptionSpec(Option<T> option) => option.ToOptionSpec();

    /// <summary>The same option, required (or not).</summary>
    public Option<T> Required(bool required = true) => new(Spec with { Required = required });

    /// <summary>The same option, also accepted as bare words in order.</summary>
    public Option<T> Positional() => new(Spec with { Positional = true });

    /// <summary>The same option, with completions (Discord autocomplete).</summary>
    public Option<T> Autocompleted() => new(Spec with { Autocomplete = true });

    /// <summary>The same option with another help text (the type and limits stay).</summary>
    public Option<T> Described(string description) => new(Spec with { Description = description });

    /// <summary>The declaration the catalogue lists.</summary>
    public OptionSpec ToOptionSpec() => Spec;
}
