using AppFlowLocal.Bench;

if (args.Length > 1 && args[0] == CeilingServer.Command)
{
    return await CeilingServer.RunAsync(args[1], args[2..]);
}

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.Out.WriteLine(BenchArguments.Usage);
    return 0;
}

var (arguments, problem) = BenchArguments.Parse(args);
if (arguments is null)
{
    Console.Error.WriteLine($"AppFlowLocal.Bench: {problem}. Usage: AppFlowLocal.Bench [matrix|scale|soak|startup|sigv4|smoke] [--seconds N] [--warmup N] [--clients 1,8,32] [--providers sqlite,postgres] [--postgres CONN] [--connectors N] [--minutes N] [--aot PATH] [--account ID]; --help explains.");
    return 2;
}

return arguments.Command switch
{
    "scale" => await ScaleRun.RunAsync(arguments),
    "soak" => await SoakRun.RunAsync(arguments),
    "startup" => await StartupRun.RunAsync(arguments),
    "sigv4" => await SigV4Run.RunAsync(arguments),
    _ => await BenchRun.RunAsync(arguments),
};
