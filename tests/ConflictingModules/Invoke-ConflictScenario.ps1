<#
.SYNOPSIS
    Runs, in the current (fresh) pwsh process, the module beside another module that carries
    Microsoft.Extensions.* at another version, in the order given, and prints one line of JSON.
.DESCRIPTION
    Each step is recorded with what it saw or the error it met, followed by a snapshot of where
    every Microsoft.Extensions.* and AccessToken.* assembly of the process is loaded. Steps go on
    after a failure, so the caller sees every consequence at once.
    The API token comes from LOSANT_API_TOKEN, as a user's would.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OtherModule,
    [Parameter(Mandatory)] [ValidateSet('OtherFirst', 'ModuleFirst')] [string] $Order,
    [Parameter(Mandatory)] [string] $BaseUri
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function Import-OtherModule {
    # What the runtime provides itself is never loaded from a module's folder: the binder takes
    # the platform's copy first, and loading a second one by path would only test the runtime.
    $platform = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
    foreach ($path in ([AppContext]::GetData('TRUSTED_PLATFORM_ASSEMBLIES') -split [IO.Path]::PathSeparator)) {
        if ($path) { $null = $platform.Add([IO.Path]::GetFileNameWithoutExtension($path)) }
    }
    foreach ($dll in Get-ChildItem $OtherModule -Filter *.dll) {
        if (-not $platform.Contains($dll.BaseName)) { $null = [Reflection.Assembly]::LoadFrom($dll.FullName) }
    }
}

function Invoke-OtherModule {
    # The other module's own use of its assemblies: a service collection with logging and a named
    # HttpClient, and one request through the client the factory builds.
    $services = [Microsoft.Extensions.DependencyInjection.ServiceCollection]::new()
    $null = [Microsoft.Extensions.DependencyInjection.LoggingServiceCollectionExtensions]::AddLogging($services)
    $null = [Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions]::AddHttpClient($services, 'other')
    $provider = [Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions]::BuildServiceProvider($services)
    try {
        $factory = [Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions]::GetRequiredService($provider, [System.Net.Http.IHttpClientFactory])
        $client = $factory.CreateClient('other')
        $response = $client.GetAsync("$BaseUri/_emulator/faults/stats").GetAwaiter().GetResult()
        @{
            HttpVersion = [Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions].Assembly.GetName().Version.ToString()
            Status      = [int]$response.StatusCode
        }
    }
    finally { $provider.Dispose() }
}

function Invoke-Module {
    Import-Module $ModulePath
    @{ TokenCount = @(Get-AccessToken -BaseUri $BaseUri).Count }
}

function Get-LoadedAssembly {
    $default = [System.Runtime.Loader.AssemblyLoadContext]::Default
    foreach ($context in [System.Runtime.Loader.AssemblyLoadContext]::All) {
        foreach ($assembly in $context.Assemblies) {
            $name = $assembly.GetName()
            if ($name.Name -notlike 'Microsoft.Extensions.*' -and $name.Name -notlike 'AccessToken*') { continue }
            @{
                Context  = if ($context -eq $default) { 'Default' } else { $context.GetType().FullName }
                Name     = $name.Name
                Version  = $name.Version.ToString()
                Location = $assembly.Location
            }
        }
    }
}

$steps = if ($Order -eq 'OtherFirst') { 'Other', 'Module', 'Other' } else { 'Module', 'Other', 'Module' }
$otherImported = $false
$record = foreach ($step in $steps) {
    $entry = @{ Step = $step; Error = $null }
    try {
        if ($step -eq 'Other') {
            if (-not $otherImported) { Import-OtherModule; $otherImported = $true }
            $entry += Invoke-OtherModule
        }
        else {
            $entry += Invoke-Module
        }
    }
    catch {
        $entry.Error = "$($_.Exception.GetType().FullName): $($_.Exception.Message)"
    }
    $entry.Loaded = @(Get-LoadedAssembly)
    $entry
}

ConvertTo-Json -InputObject @($record) -Depth 5 -Compress
