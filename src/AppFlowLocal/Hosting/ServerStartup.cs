using System.Data.Common;
using System.Net.Sockets;
using AppFlowLocal.Storage;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Hosting;

/// <summary>
/// Starts the server, or refuses to: every problem found before the server listens (a setting that
/// does not bind or validate, an unusable database, an address that cannot be listened on) is
/// printed as one line "AppFlow Local cannot start: &lt;setting or file&gt;: &lt;problem&gt;" on stderr, and
/// the process exits with <see cref="RefusedExitCode"/>. An operator sees what to fix, not a stack trace.
/// </summary>
internal static class ServerStartup
{
    public const string RefusalPrefix = "AppFlow Local cannot start: ";

    /// <summary>The exit code of a refused start (0 is a graceful stop; a crash would be 134).</summary>
    public const int RefusedExitCode = 2;

    // The generic host logs its own report, with a stack trace, of an exception that stops it from
    // starting (Kestrel failing to bind, and a background service cancelled by that). Start-up reports
    // those itself, so the host's category is quiet at Error and above until the server has started.
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>Registers what start-up needs; call once, on the builder, before adding the application's settings.</summary>
    public static WebApplicationBuilder AddServerStartup(this WebApplicationBuilder builder)
    {
        Durations.UseForSettings();

        // The lowest layer of configuration, so appsettings.json, the environment and the command line
        // override it, and it holds wherever the server is started from (appsettings.json is read from
        // the working directory): one line per request, no framework or HttpClient chatter.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft"] = "Warning",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            },
        });

        var phase = new StartupPhase();
        builder.Services.AddSingleton(phase);

        // The host logs only Debug (lifecycle chatter) and Error or above in this category; keep the errors
        // once the server runs (a background service failing), drop them while start-up reports its own.
        builder.Logging.AddFilter(HostCategory, level => level >= LogLevel.Information && (phase.HasStarted || level < LogLevel.Error));
        builder.Services.AddGracefulShutdownCoveringInvocations(builder.Configuration);
        return builder;
    }

    /// <summary>Checks, initialises storage, listens, and runs until SIGTERM or SIGINT; returns the exit code.</summary>
    public static async Task<int> RunCheckedAsync(this WebApplication app)
    {
        try
        {
            // Settings first, all of them at once: the database and the addresses are settings too.
            StartupRefusedException.ThrowIfAny([
                .. SettingValues.Problems(app.Configuration, app.Services.GetServices<SettingsSection>()),
                .. ListeningAddresses.Problems(app.Configuration["urls"]),
            ]);
            StartupRefusedException.ThrowIfAny(ValidationProblems(app.Services));
            await InitializeStorageAsync(app);
            await StartListeningAsync(app);
        }
        catch (StartupRefusedException e)
        {
            foreach (var problem in e.Problems)
            {
                await Console.Error.WriteLineAsync(RefusalPrefix + problem);
            }

            return RefusedExitCode;
        }
        catch (Exception e)
        {
            // A failure nobody foresaw still ends the way every refusal does, its message kept.
            await Console.Error.WriteLineAsync($"{RefusalPrefix}{e.GetType().Name}: {FirstLine(e.Message)}");
            return RefusedExitCode;
        }

        // Only a server that started is disposed: disposing one that did not would log its shutdown.
        await using var running = app;
        app.Services.GetRequiredService<StartupPhase>().Started();
        StartupSummary.Log(app.Services, app.Configuration);
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>Runs every options validation registered to run on start, as the host would, collecting all failures.</summary>
    private static IReadOnlyList<string> ValidationProblems(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (OptionsValidationException e)
        {
            return [.. e.Failures];
        }
        catch (AggregateException e)
        {
            return [.. e.Flatten().InnerExceptions.SelectMany(inner => inner is OptionsValidationException validation ? validation.Failures : [FirstLine(inner.Message)])];
        }
        catch (InvalidOperationException e)
        {
            // A value the binder could not convert that SettingValues did not foresee: its message names the setting.
            return [FirstLine(e.Message)];
        }
    }

    private static async Task InitializeStorageAsync(WebApplication app)
    {
        IRegistryStore store;
        try
        {
            store = app.Services.GetRequiredService<IRegistryStore>();
        }
        catch (ArgumentException e)
        {
            // The store parses its connection string when it is created.
            throw new StartupRefusedException([$"Storage:ConnectionString: is not a connection string this server can use: {FirstLine(e.Message)}"]);
        }

        try
        {
            await store.InitializeAsync(app.Lifetime.ApplicationStopping);
        }
        catch (UnusableDatabaseException e)
        {
            throw new StartupRefusedException([$"{e.Database}: {e.Problem}"]);
        }
        catch (DbException e)
        {
            // The connection string is not quoted: a database server's would hold a password.
            throw new StartupRefusedException([$"Storage:ConnectionString: the database cannot be used: {FirstLine(e.Message)}"]);
        }
    }

    private static async Task StartListeningAsync(WebApplication app)
    {
        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            // Everything else is checked by now; what is left to fail is Kestrel taking its addresses
            // ("Failed to bind to address http://127.0.0.1:4567: address already in use.").
            throw new StartupRefusedException([$"{ListeningAddresses.Setting}: {FirstLine(e.Message)}"]);
        }
        catch (SocketException e)
        {
            // An IP address this machine does not have ("Cannot assign requested address"); Kestrel does not say which.
            throw new StartupRefusedException([$"{ListeningAddresses.Setting}: '{app.Configuration["urls"]}' cannot be listened on: {FirstLine(e.Message)}"]);
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].TrimEnd('\r', '.');
}
