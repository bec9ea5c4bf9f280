namespace AppFlowLocal.Tests.Infrastructure;

internal static class RepositoryPaths
{
    /// <summary>The checkout's root: the folder holding AppFlowLocal.slnx above the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, whichever this test assembly was built as (the server is built the same way).</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string ServerAssembly => Path.Combine(Root, "src", "AppFlowLocal", "bin", Configuration, "net10.0", "AppFlowLocal.dll");

    /// <summary>
    /// How the server is started: <c>dotnet</c> with the built assembly, or, when APPFLOW_TEST_SERVER names
    /// one, a published executable (.ci/run points it at the Native AOT publish to run tests against that).
    /// </summary>
    public static (string File, string[] Arguments) ServerCommand =>
        Environment.GetEnvironmentVariable("APPFLOW_TEST_SERVER") is { Length: > 0 } published ? (published, []) : ("dotnet", [ServerAssembly]);

    public static string Interop => Path.Combine(Root, "tests", "interop");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AppFlowLocal.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests must run from inside the AppFlow Local checkout.");
    }
}
