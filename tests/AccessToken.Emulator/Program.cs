using System.Net;
using AccessToken.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

if (!EmulatorOptions.TryParse(args, out EmulatorOptions options, out string argumentError))
{
    Console.Error.WriteLine(argumentError);
    Console.Error.WriteLine(EmulatorOptions.Usage);
    return 2;
}

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
{
    ContentRootPath = AppContext.BaseDirectory,
});

// Stdout carries exactly one line, the URL, which starters parse; everything else goes to stderr.
builder.Logging.ClearProviders();
builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// Addresses from the environment (ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS in container images) would
// only produce an override warning: the emulator always binds loopback on a free port.
builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Empty);
builder.WebHost.UseSetting(WebHostDefaults.HttpPortsKey, string.Empty);
builder.WebHost.UseSetting(WebHostDefaults.HttpsPortsKey, string.Empty);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
});
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

WebApplication app = builder.Build();
IHostApplicationLifetime lifetime = app.Lifetime;

var store = new TokenStore(options.SeedCount is int seedCount ? SeedData.Generated(seedCount) : SeedData.Default());
var recorder = new RequestRecorder();
var faults = new FaultInjector();
var config = new EmulatorConfig();
var api = new AccessTokenApi(store, recorder, faults, config, options.ApiToken, lifetime.ApplicationStopping);
var control = new ControlApi(store, recorder, faults, config, lifetime.StopApplication);

app.Run(context => context.Request.Path.StartsWithSegments(ControlApi.Prefix)
    ? control.HandleAsync(context)
    : api.HandleAsync(context));

await app.StartAsync();

string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
    .Addresses.First();
Console.Out.Write($"EMULATOR_URL=http://127.0.0.1:{new Uri(address).Port}\n");
Console.Out.Flush();

Task watcher = options.ParentPid is int parentPid
    ? ParentProcessWatcher.WatchAsync(parentPid, lifetime.StopApplication, lifetime.ApplicationStopping)
    : Task.CompletedTask;

await app.WaitForShutdownAsync();
await watcher;
await app.DisposeAsync();
return 0;
