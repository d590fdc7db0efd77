#Requires -Version 7.2
<#
.SYNOPSIS
    Packs the built module into <OutputPath>/AccessToken.<version>.nupkg, as the PowerShell
    Gallery expects it.
.DESCRIPTION
    The package is made by Publish-PSResource itself, published to a temporary folder
    repository, so its layout and .nuspec are exactly what Publish-PSResource would send to the
    Gallery. It runs in a child pwsh whose PSResourceGet settings live in a temporary folder
    (XDG_DATA_HOME, and HOME on macOS), so the user's registered repositories are never touched; on Windows, where
    that folder cannot be moved, the temporary repository is registered under a unique name and
    unregistered afterwards.

    Only what the module needs at run time goes in: the files of the built module, less any
    debug symbols, markdown, tests or PowerShell's own assembly, plus the licence text.
.PARAMETER ModulePath
    The built module folder (out/AccessToken).
.PARAMETER OutputPath
    Where to write the .nupkg (out).
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$OutputPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputPath)
$manifestPath = Join-Path $ModulePath 'AccessToken.psd1'
if (-not (Test-Path $manifestPath)) { throw "No module manifest at ${manifestPath}: build the module first (build.ps1 -Task Build)." }
$manifest = Import-PowerShellDataFile $manifestPath
$version = $manifest.ModuleVersion
$prerelease = $manifest.PrivateData.PSData['Prerelease']
if ($prerelease) { $version = "$version-$prerelease" }

# Never shipped, even if a build left them behind.
$excluded = @('*.pdb', '*.md', '*.Tests.ps1', '*.deps.json', 'System.Management.Automation.dll')

$work = Join-Path ([System.IO.Path]::GetTempPath()) ("AccessToken-package-" + [guid]::NewGuid().ToString('N'))
$staging = Join-Path $work 'AccessToken'
$repository = Join-Path $work 'repository'
$settings = Join-Path $work 'settings'
try {
    New-Item -ItemType Directory -Force $staging, $repository, $settings | Out-Null
    foreach ($file in Get-ChildItem $ModulePath -Recurse -File) {
        $relative = [System.IO.Path]::GetRelativePath($ModulePath, $file.FullName)
        $skip = $false
        foreach ($pattern in $excluded) { if ($file.Name -like $pattern) { $skip = $true } }
        # Help sources are built into en-US; a help/ folder is never part of the module.
        if ($relative -like "help$([System.IO.Path]::DirectorySeparatorChar)*") { $skip = $true }
        if ($skip) { Write-Verbose "Left out of the package: $relative"; continue }
        $target = Join-Path $staging $relative
        New-Item -ItemType Directory -Force (Split-Path $target) | Out-Null
        Copy-Item -LiteralPath $file.FullName $target
    }

    $publish = {
        param([string] $Source, [string] $Repository, [string] $RepositoryName)
        $ErrorActionPreference = 'Stop'
        Import-Module Microsoft.PowerShell.PSResourceGet
        Register-PSResourceRepository -Name $RepositoryName -Uri $Repository -Trusted
        try { Publish-PSResource -Path $Source -Repository $RepositoryName }
        finally { Unregister-PSResourceRepository -Name $RepositoryName }
    }

    $repositoryName = 'AccessTokenPackage' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    $variables = @('XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'HOME')
    $saved = @{}
    foreach ($name in $variables) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    try {
        if (-not $IsWindows) {
            # PSResourceGet keeps its repository list under XDG_DATA_HOME (~/.local/share).
            $env:XDG_DATA_HOME = Join-Path $settings 'data'
            $env:XDG_CONFIG_HOME = Join-Path $settings 'config'
            $env:XDG_CACHE_HOME = Join-Path $settings 'cache'
            # .NET ignores a folder that does not exist yet, and PSResourceGet would then write
            # its settings relative to the current directory.
            New-Item -ItemType Directory -Force $env:XDG_DATA_HOME, $env:XDG_CONFIG_HOME, $env:XDG_CACHE_HOME | Out-Null
            # On macOS .NET puts that folder in ~/Library/Application Support, whatever XDG says.
            if ($IsMacOS) { $env:HOME = New-Item -ItemType Directory -Force (Join-Path $settings 'home') }
        }
        Import-Module (Join-Path $PSScriptRoot 'PowerShellHost.psm1') -Force
        Invoke-PowerShell -NoProfile -NonInteractive -Command $publish -args $staging, $repository, $repositoryName
        if ($LASTEXITCODE -ne 0) { throw "Publish-PSResource failed (exit code $LASTEXITCODE)." }
    }
    finally {
        foreach ($name in $variables) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }

    $package = Get-ChildItem $repository -Filter '*.nupkg' | Select-Object -First 1
    if (-not $package) { throw "Publish-PSResource wrote no package to $repository." }
    New-Item -ItemType Directory -Force $OutputPath | Out-Null
    $destination = Join-Path $OutputPath "AccessToken.$version.nupkg"
    Copy-Item $package.FullName $destination -Force
    Write-Host "Package: $destination"
    Get-Item $destination
}
finally {
    if (Test-Path $work) { Remove-Item $work -Recurse -Force }
}
