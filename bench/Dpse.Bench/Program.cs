using Dpse.Bench.Discord;
using Dpse.Bench.Http;
using Dpse.Bench.Postgres;
using Dpse.Bench.Scheduling;
using Dpse.Bench.Slack;
using Dpse.Bench.Store;

// Benchmarks run on demand, never in CI: dotnet run -c Release --project bench/Dpse.Bench -- <name> [args]
return args.FirstOrDefault() switch
{
    "store" => await StoreBench.RunAsync(args[1..]),
    "postgres" => await PostgresBench.RunAsync(args[1..]),
    "discord" => await DiscordBench.RunAsync(args[1..]),
    "http-discord" => await DiscordHttpBench.RunAsync(args[1..]),
    "scheduling" => await SchedulingBench.RunAsync(args[1..]),
    "fanout" => await FanOutBench.RunAsync(args[1..]),
    "slack" => await SlackBench.RunAsync(args[1..]),
    "slack-socket" => await SlackSocketBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("""
        usage: dotnet run -c Release --project bench/Dpse.Bench -- <bench> [args]
          store [count...]     search/share latency and working set over LiteDB (default 10000 100000)
          postgres [--stories N] [--deliveries N] [--keep]  search/share p95, start-up, outbox drain by 1 and 3 instances on
                               PostgreSQL (default 100000 stories, 10000 deliveries); needs DPSE_TEST_POSTGRES: run it
                               as .ci/with-postgres dotnet run -c Release --project bench/Dpse.Bench -- postgres
          discord [seconds]    interaction latency and rate-limited fan-out against a loopback fake Discord
          http-discord [seconds]  signed HTTP interaction -> response latency at 200 requests/s (Kestrel on loopback)
          scheduling           scheduler idle cost and delivery lateness with 10k events planned
          fanout [channels...] digest fan-out (default 500 5000, 1% broken) vs the rate-limit floor, 429s, reminder lateness
          slack [perMinute]    Slack posting pace vs floor and 429s against an in-process paced fake
          slack-socket [perSecond] [seconds]  Socket Mode envelope -> ack latency against a loopback fake Slack
        """);
    return 2;
}
