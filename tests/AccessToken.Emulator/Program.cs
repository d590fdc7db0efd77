using System.Net;
using System.Security.Cryptography.X509Certificates;
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

if (options.Proxy)
{
    // The proxy mode: a forward proxy on loopback, steered through its own /_proxy/ requests.
    using var stopping = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopping.Cancel(); };
    if (options.ParentPid is int proxyParent)
    {
        _ = ParentProcessWatcher.WatchAsync(proxyParent, stopping.Cancel, stopping.Token);
    }

    var proxy = new ForwardProxy(options.ProxyUser, options.ProxyPassword);
    await proxy.RunAsync(line => { Console.Out.Write(line + "\n"); Console.Out.Flush(); }, stopping.Token);
    return 0;
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
string? testRootPem = null;
using X509Certificate2? certificate = !options.Https ? null
    : options.TestRootFile is null ? SelfSignedCertificate.Create() : TestRootCertificate.Create(out testRootPem);
if (testRootPem is not null) File.WriteAllText(options.TestRootFile!, testRootPem);
var connections = new ConnectionStats { Https = certificate is not null };
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, 0, listen =>
    {
        listen.Protocols = HttpProtocols.Http1;
        listen.Use(next => connection => connections.CountConnectionAsync(connection, next));
        if (certificate is not null)
        {
            listen.UseHttps(certificate);
            listen.Use(next => connection => connections.CountHandshakeAsync(connection, next));
        }
    });
});
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

WebApplication app = builder.Build();
IHostApplicationLifetime lifetime = app.Lifetime;

var ids = new IdSequence();
var store = new TokenStore(ids, SeedData.UserDefaultScope,
    options.SeedCount is int seedCount ? SeedData.Generated(seedCount) : SeedData.Default());
var me = new TokenCollection(OwnerKind.User, SeedData.UserId, "/me/tokens", store);
var applications = new OwnerDirectory(OwnerKind.Application);
var instances = new OwnerDirectory(OwnerKind.Instance);
var user = new UserAccount();
var rateLimiter = new RateLimiter();
var mutations = new ListMutations();
var recorder = new RequestRecorder();
var faults = new FaultInjector();
var config = new EmulatorConfig();
var current = new CurrentApi(me, applications, instances, mutations, user);
var currentControl = new CurrentControl(ids, current, applications, instances, user, rateLimiter, mutations, connections, certificate);
currentControl.Reset();
var api = new AccessTokenApi(store, recorder, faults, config, rateLimiter, current, user, options.ApiToken, lifetime.ApplicationStopping);
var control = new ControlApi(store, recorder, faults, config, currentControl, lifetime.StopApplication);

app.Run(context => context.Request.Path.StartsWithSegments(ControlApi.Prefix)
    ? control.HandleAsync(context)
    : api.HandleAsync(context));

await app.StartAsync();

string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
    .Addresses.First();
Console.Out.Write($"EMULATOR_URL={(certificate is null ? "http" : "https")}://127.0.0.1:{new Uri(address).Port}\n");
Console.Out.Flush();

Task watcher = options.ParentPid is int parentPid
    ? ParentProcessWatcher.WatchAsync(parentPid, lifetime.StopApplication, lifetime.ApplicationStopping)
    : Task.CompletedTask;

await app.WaitForShutdownAsync();
await watcher;
await app.DisposeAsync();
return 0;
