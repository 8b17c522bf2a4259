using System.Globalization;
using Observatory.StreamBench;

// dotnet run -c Release --project bench/Observatory.StreamBench -- throughput [seconds] [in-flight] [queues] [amqp-uri]
// dotnet run -c Release --project bench/Observatory.StreamBench -- backlog [messages] [queues] [amqp-uri]
// dotnet run -c Release --project bench/Observatory.StreamBench -- cache [messages] [batch]
var mode = args.Length > 0 ? args[0] : "throughput";
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
Uri Broker(int index) => new(args.Length > index ? args[index] : "amqp://guest:guest@127.0.0.1:5672/");

switch (mode)
{
    case "throughput":
        await ThroughputBenchmark.RunAsync(Broker(4), seconds: Arg(1, 10), inFlight: Arg(2, 256), queueCount: Arg(3, 8));
        break;
    case "backlog":
        await BacklogBenchmark.RunAsync(Broker(3), count: Arg(1, 1_000_000), queueCount: Arg(2, 8));
        break;
    case "cache":
        CacheBenchmark.Run(messages: Arg(1, 200_000), batch: Arg(2, 512));
        break;
    default:
        Console.Error.WriteLine("usage: throughput [seconds] [in-flight] [queues] [amqp-uri] | backlog [messages] [queues] [amqp-uri] | cache [messages] [batch]");
        return 2;
}

return 0;
