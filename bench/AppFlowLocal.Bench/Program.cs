using AppFlowLocal.Bench;

// Usage: dotnet run -c Release --project bench/AppFlowLocal.Bench -- [seconds-per-scenario] [concurrency]
var seconds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10;
var concurrency = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 16;
return await BenchRun.RunAsync(TimeSpan.FromSeconds(seconds), concurrency);
