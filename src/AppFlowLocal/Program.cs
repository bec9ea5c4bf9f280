using AppFlowLocal.Api;
using AppFlowLocal.Connectors;
using AppFlowLocal.Registry;
using AppFlowLocal.Storage;
using AppFlowLocal.Storage.Sqlite;
using AppFlowLocal.Wire;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateSlimBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:4567");
}

builder.Services.AddOptionsWithValidateOnStart<IdentityOptions>()
    .Bind(builder.Configuration.GetSection(IdentityOptions.Section)).ValidateDataAnnotations();
builder.Services.AddOptionsWithValidateOnStart<RegistryOptions>()
    .Bind(builder.Configuration.GetSection(RegistryOptions.Section)).ValidateDataAnnotations();
builder.Services.AddOptionsWithValidateOnStart<StorageOptions>()
    .Bind(builder.Configuration.GetSection(StorageOptions.Section)).ValidateDataAnnotations();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IRegistryStore, SqliteRegistryStore>();
builder.Services.AddSingleton<RunningOperations>();
builder.Services.AddSingleton<IdempotencyLedger>();
builder.Services.AddSingleton<ConnectorRegistry>();
builder.Services.AddSingleton<CallerResolver>();
builder.Services.AddHostedService<ExpiredTokenSweeper>();
builder.Services.AddConnectorInvocation(builder.Configuration);

var app = builder.Build();
try
{
    // Resolving the options validates them, so a bad setting stops the server before it listens.
    _ = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
    await app.Services.GetRequiredService<IRegistryStore>().InitializeAsync(app.Lifetime.ApplicationStopping);
}
catch (OptionsValidationException e)
{
    return await RefuseToStartAsync(e);
}

app.UseMiddleware<AwsProtocolMiddleware>();
app.MapAppFlowApi();

try
{
    await app.RunAsync();
}
catch (OptionsValidationException e)
{
    return await RefuseToStartAsync(e);
}

return 0;

static async Task<int> RefuseToStartAsync(OptionsValidationException e)
{
    await Console.Error.WriteLineAsync($"AppFlow Local cannot start: {string.Join(" ", e.Failures)}");
    return 2;
}
