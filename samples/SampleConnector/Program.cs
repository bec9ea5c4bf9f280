using SampleConnector.Hosting;

// One executable, two ways to run the sample connector (see README.md).
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine("""
        Usage:
          SampleConnector --stdin             read one event JSON on stdin, write the response JSON on stdout
                                              (exit 0; a handler failure: stack trace on stderr, exit 1)
          SampleConnector [--urls URL]        serve the Lambda Invoke API on URL (default http://127.0.0.1:4569)
        """);
    return 0;
}

if (args.Contains("--stdin"))
{
    if (args.Length != 1)
    {
        Console.Error.WriteLine("--stdin takes no other argument; see --help.");
        return 2;
    }

    using var input = Console.OpenStandardInput();
    using var output = Console.OpenStandardOutput();
    return StdinInvocation.Run(input, output, Console.Error);
}

await InvokeEndpoint.Build(args).RunAsync();
return 0;
