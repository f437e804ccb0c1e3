using Dpse.Core.Commands;
using FsCheck;
using FsCheck.Fluent;

namespace Dpse.Core.Tests.Parsing;

/// <summary>Command text for property tests: a mix of real command words, options, quotes, escapes, URLs and noise.</summary>
public sealed record CommandInput(string Text)
{
    public override string ToString() => Text;
}

/// <summary>Printable command text (no control characters).</summary>
public sealed record PrintableInput(string Text)
{
    public override string ToString() => Text;
}

/// <summary>The arbitraries FsCheck uses for <see cref="CommandInput"/> and <see cref="PrintableInput"/>.</summary>
public static class CommandInputs
{
    private static readonly string[] Words =
    [
        .. CommandCatalogue.All.SelectMany(c => c.Path.Segments).Distinct(),
        .. CommandCatalogue.All.SelectMany(c => c.Options).Select(o => o.Name + ":").Distinct(),
        .. CommandCatalogue.All.SelectMany(c => c.Options).SelectMany(o => o.Choices).Distinct(),
        "/dpse", "/DPSE", "S-1", "s1", "1", "E-1", "e-1", "S-0", "E-99999999999", "0", "-1", "1001", "2",
        "\"", "\\\"", "\\\\", "\\", "\u201C", "\u201D", ":", "::", "\"\"", "title:\"", "https://example.org/a", "ftp://x", "javascript:alert(1)",
        "\"2027-03-28 01:30\"", "\"2027-10-31 01:30\"", "\"2026-12-03 14:00\"", "2026-13-45", "Europe/London", "Mars/Base", "2h", "90m", "8d", "24h,1h",
        "09:00", "25:99", "a,b,c", "9999999999", "999999999h", "99999999d", "\"9999-12-31 23:00\"", "\"0001-01-01 00:30\"", "America/Los_Angeles", "Asia/Tokyo", "2147483648", "@everyone", "<!channel>", "*bold*", "`code`", "é", "🎉", "\u200B", "\uFFFF", "x",
    ];

    private static Gen<string> Token(Gen<char> noise) => Gen.Frequency(
        (6, Gen.Elements(Words)),
        (2, noise.ArrayOf().Select(chars => new string(chars))),
        (1, Gen.Choose(0, 3).Select(n => new string(' ', n))));

    private static Gen<string> Text(Gen<char> noise) =>
        Token(noise).ListOf().Select(tokens => string.Join(' ', tokens));

    /// <summary>Any UTF-16 code unit, lone surrogates and control characters included.</summary>
    public static Arbitrary<CommandInput> Any() =>
        Text(Gen.Choose(0, 0xFFFF).Select(i => (char)i)).Select(t => new CommandInput(t)).ToArbitrary();

    /// <summary>Printable characters: ASCII, Latin-1 and a few wider ones.</summary>
    public static Arbitrary<PrintableInput> Printable() =>
        Text(Gen.Frequency(
                (8, Gen.Choose(0x20, 0x7E).Select(i => (char)i)),
                (1, Gen.Choose(0xA0, 0x24F).Select(i => (char)i)),
                (1, Gen.Elements('\u201C', '\u201D', '…', '€', '中'))))
            .Select(t => new PrintableInput(t)).ToArbitrary();
}
