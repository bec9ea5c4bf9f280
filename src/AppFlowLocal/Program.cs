using AppFlowLocal.Api;
using AppFlowLocal.Connectors;
using AppFlowLocal.Hosting;
using AppFlowLocal.Observability;
using AppFlowLocal.Registry;
using AppFlowLocal.Storage;
using AppFlowLocal.WebConsole;
using AppFlowLocal.Wire;

if (CommandLine.WantsHelp(args))
{
    Console.Out.Write(CommandLine.Usage);
    return 0;
}

if (args.FirstOrDefault() == ConnectorCheckCommand.Name)
{
    return await ConnectorCheckCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateSlimBuilder(args).AddServerStartup();
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:4567");
}

// AWS never sends a Server header; Kestrel's would be on every response, its own refusals included.
// Kestrel's request line and header limits are raised so that RequestHeadLimits, not Kestrel, refuses what is over the
// usual 8 KB / 32 KB: then the refusal is AWS-shaped, with a request id.
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxRequestLineSize = RequestHeadLimits.KestrelRequestLineBytes;
    kestrel.Limits.MaxRequestHeadersTotalSize = RequestHeadLimits.KestrelHeaderBytes;
});

builder.Services.AddCheckedSettings<IdentityOptions>(builder.Configuration, IdentityOptions.Section);
builder.Services.AddCheckedSettings<RegistryOptions>(builder.Configuration, RegistryOptions.Section);
builder.Services.AddCheckedSettings<ThrottlingOptions>(builder.Configuration, ThrottlingOptions.Section);
builder.Services.AddCheckedSettings<StorageOptions>(builder.Configuration, StorageOptions.Section);
builder.Services.AddCheckedSettings<ConsoleOptions>(builder.Configuration, ConsoleOptions.Section);
builder.Services.AddCheckedSettings<SecretsOptions>(builder.Configuration, SecretsOptions.Section);
builder.Services.AddCallerAuthentication(builder.Configuration);
builder.Services.AddBrowserRequestChecks(builder.Configuration);

// Bound and validated by AddConnectorInvocation; declared here so start-up checks its values' types too.
builder.Services.AddSettingsSection<LambdaOptions>(LambdaOptions.SectionName);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<RevisionCache>();
builder.Services.AddSingleton<RenderedViews>();
builder.Services.AddRegistryStore(builder.Configuration);
builder.Services.AddSingleton<RunningOperations>();
builder.Services.AddSingleton<RequestFingerprints>();
builder.Services.AddSingleton<IdempotencyLedger>();
builder.Services.AddSingleton<ConnectorRegistry>();
builder.Services.AddSingleton<SecretSealer>();
builder.Services.AddSingleton<PendingSecrets>();
builder.Services.AddSingleton<ConnectorProfileRegistry>();
builder.Services.AddSingleton<AccountThrottle>();
builder.Services.AddHostedService<ExpiredTokenSweeper>();
builder.Services.AddConnectorInvocation(builder.Configuration);
builder.Services.AddSingleton<InvocationLog>();
builder.Services.AddWebConsole();

var app = builder.Build();
app.UseMiddleware<AwsProtocolMiddleware>();
app.UseMiddleware<RequestHeadLimits>();
app.UseBrowserRequestChecks();
app.MapOperatorEndpoints();
app.MapWebConsole();
app.MapAppFlowApi();
return await app.RunCheckedAsync();
