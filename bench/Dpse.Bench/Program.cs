using Dpse.Bench.Discord;

// Benchmarks run on demand, never in CI: dotnet run -c Release --project bench/Dpse.Bench -- <name> [args]
return args.Length > 0 && args[0] == "discord"
    ? await DiscordBench.RunAsync(args[1..])
    : Usage();

static int Usage()
{
    Console.WriteLine("usage: Dpse.Bench discord [seconds]");
    return 2;
}
