# The .nupkg as the PowerShell Gallery receives it: installable with Install-PSResource, usable
# by name in a fresh session, and holding only what the module needs at run time.
BeforeAll {
    if ($PSVersionTable.PSEdition -eq 'Desktop') {
        # The package is made and installed with PSResourceGet, which Windows PowerShell 5.1 does
        # not ship; the PowerShell 7 jobs make and install it, and this job tests the built module.
        $script:NotApplicable = 'packaging runs in PowerShell 7 (build.ps1 -Task Package); Windows PowerShell 5.1 does not ship PSResourceGet'
        return
    }
    $script:NotApplicable = $null
    Import-Module (Join-Path $PSScriptRoot '../../tools/PowerShellHost.psm1') -Force
    # These tests pin the seed's contract (API 1.3.7, /access-tokens); today's API has tests of its own.
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:SavedEnvironment = Set-TestEnvironment -ApiVersion '1.3.7'
    Import-Module (Join-Path $PSScriptRoot '../EmulatorControl.psm1') -Force
    Add-Type -AssemblyName System.IO.Compression.FileSystem

    $script:ModuleBase = Split-Path $env:ACCESSTOKEN_TEST_MODULE
    $script:Out = Split-Path $script:ModuleBase
    $script:Version = (Import-PowerShellDataFile $env:ACCESSTOKEN_TEST_MODULE).ModuleVersion
    $script:Packager = Join-Path $PSScriptRoot '../../tools/New-ModulePackage.ps1'
    $script:Package = Join-Path $script:Out "AccessToken.$script:Version.nupkg"

    function Get-PackageEntry([string] $path) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($path)
        try { @($zip.Entries | ForEach-Object { [uri]::UnescapeDataString($_.FullName) }) }
        finally { $zip.Dispose() }
    }

    function Read-PackageEntry([string] $path, [string] $entryName) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($path)
        try {
            $entry = $zip.Entries | Where-Object { [uri]::UnescapeDataString($_.FullName) -eq $entryName }
            if (-not $entry) { return $null }
            $stream = $entry.Open()
            try {
                $buffer = [System.IO.MemoryStream]::new()
                $stream.CopyTo($buffer)
                , $buffer.ToArray()
            }
            finally { $stream.Dispose() }
        }
        finally { $zip.Dispose() }
    }

    function Test-PackageCurrent {
        # The package must hold the module as built now, not as it was at some earlier build.
        if (-not (Test-Path $script:Package)) { return $false }
        foreach ($file in 'AccessToken.dll', 'AccessToken.psd1', 'AccessToken.format.ps1xml', 'en-US/AccessToken.dll-Help.xml', 'Dependencies/AccessToken.Core.dll') {
            $packed = Read-PackageEntry $script:Package $file
            if (-not $packed) { return $false }
            $built = [System.IO.File]::ReadAllBytes((Join-Path $script:ModuleBase $file))
            if ([Convert]::ToBase64String($packed) -ne [Convert]::ToBase64String($built)) { return $false }
        }
        $true
    }

    function Get-SettingsFolder([hashtable] $variables) {
        # Where PSResourceGet keeps its settings for a fresh PowerShell in this environment: .NET's
        # LocalApplicationData, which is XDG_DATA_HOME on Linux, under HOME on macOS, and on Windows
        # a known folder of the user's that no environment variable moves.
        Invoke-WithEnvironment $variables { Invoke-PowerShell -NoProfile -NonInteractive -Command { [Environment]::GetFolderPath('LocalApplicationData') } }
    }

    function Invoke-WithEnvironment([hashtable] $variables, [scriptblock] $script) {
        $saved = @{}
        foreach ($name in $variables.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            foreach ($name in $variables.Keys) { [Environment]::SetEnvironmentVariable($name, $variables[$name]) }
            & $script
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

    if (-not (Test-PackageCurrent)) { & $script:Packager -ModulePath $script:ModuleBase -OutputPath $script:Out | Out-Null }
    $script:Entries = Get-PackageEntry $script:Package
}

Describe 'Package contents' {
    BeforeEach { if ($script:NotApplicable) { Set-ItResult -Skipped -Because $script:NotApplicable } }

    It 'Is_named_after_the_module_and_its_version' {
        Test-Path $Package | Should -BeTrue
        Split-Path $Package -Leaf | Should -Be "AccessToken.$Version.nupkg"
    }

    It 'Carries_the_Gallery_metadata_in_its_nuspec' {
        $nuspec = [xml][System.Text.Encoding]::UTF8.GetString((Read-PackageEntry $Package 'AccessToken.nuspec')).TrimStart([char]0xFEFF)
        $metadata = $nuspec.package.metadata
        $metadata.id | Should -Be 'AccessToken'
        $metadata.version | Should -Be $Version
        $metadata.authors | Should -Not -BeNullOrEmpty
        $metadata.description | Should -Not -BeNullOrEmpty
        # No public home yet, so no address; the licence itself travels inside the package.
        $metadata.PSObject.Properties.Name | Should -Not -Contain 'projectUrl'
        $metadata.PSObject.Properties.Name | Should -Not -Contain 'licenseUrl'
        $metadata.releaseNotes | Should -Not -BeNullOrEmpty
        $metadata.tags -split ' ' | Should -Contain 'PSModule'
        $metadata.tags -split ' ' | Should -Contain 'Losant'
    }

    It 'Holds_the_module_its_engine_its_formats_and_its_help' {
        foreach ($file in 'AccessToken.psd1', 'AccessToken.dll', 'AccessToken.format.ps1xml', 'Dependencies/AccessToken.Core.dll',
            'Dependencies/Microsoft.Extensions.Http.dll', 'en-US/AccessToken.dll-Help.xml', 'en-US/about_AccessToken.help.txt') {
            $Entries | Should -Contain $file
        }
    }

    It 'Carries_the_licence_beside_the_manifest' {
        $Entries | Should -Contain 'LICENSE'
    }

    It 'Holds_nothing_that_is_not_needed_at_run_time' {
        $moduleFiles = @($Entries | Where-Object { $_ -notmatch '^(_rels/|package/|\[Content_Types\]\.xml$|AccessToken\.nuspec$)' })
        @($moduleFiles | Where-Object { $_ -like '*.pdb' }) | Should -BeNullOrEmpty
        @($moduleFiles | Where-Object { $_ -like '*.md' }) | Should -BeNullOrEmpty
        @($moduleFiles | Where-Object { $_ -match '(^|/)tests?/|\.Tests\.|Pester|Emulator' }) | Should -BeNullOrEmpty
        @($moduleFiles | Where-Object { $_ -like '*System.Management.Automation.dll' }) | Should -BeNullOrEmpty
        @($moduleFiles | Where-Object { $_ -like 'help/*' -or $_ -like '*.deps.json' }) | Should -BeNullOrEmpty
        # Everything else is one of the kinds a binary module loads, or its licence.
        @($moduleFiles | Where-Object { $_ -notmatch '\.(dll|psd1|ps1xml|xml|help\.txt)$' -and $_ -ne 'LICENSE' }) | Should -BeNullOrEmpty
    }
}

Describe 'Installing the package' {
    BeforeAll {
        if ($script:NotApplicable) { return }
        $script:Emulator = Start-Emulator
    }

    AfterAll {
        if ($script:NotApplicable) { return }
        Stop-Emulator $script:Emulator
    }

    BeforeEach { if ($script:NotApplicable) { Set-ItResult -Skipped -Because $script:NotApplicable } }

    It 'Installs_with_Install_PSResource_and_lists_tokens_after_Import_Module_by_name' {
        if (Test-WindowsPlatform) { Set-ItResult -Skipped -Because 'Windows keeps PSResourceGet''s settings and CurrentUser modules in the user''s known folders, which no environment variable moves: the test would install into the real profile of whoever runs it' }
        $repository = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'repository')
        Copy-Item $Package $repository
        $userHome = Join-Path $TestDrive 'home'
        New-Item -ItemType Directory -Force $userHome | Out-Null
        # A user of their own: nothing found or installed here comes from this machine's real profile.
        $environment = @{
            HOME             = $userHome
            XDG_DATA_HOME    = Join-Path $userHome '.local/share'
            XDG_CONFIG_HOME  = Join-Path $userHome '.config'
            XDG_CACHE_HOME   = Join-Path $userHome '.cache'
            PSModulePath     = $null
            LOSANT_API_TOKEN = $Emulator.ApiToken
            LOSANT_API_URL   = $Emulator.Url
        }
        # .NET ignores settings folders that do not exist yet.
        foreach ($folder in 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME') { New-Item -ItemType Directory -Force $environment[$folder] | Out-Null }

        $installed = Invoke-WithEnvironment $environment {
            Invoke-PowerShell -NoProfile -NonInteractive -Command {
                param($repository)
                $ErrorActionPreference = 'Stop'
                $name = 'AccessTokenTest' + [guid]::NewGuid().ToString('N').Substring(0, 8)
                Register-PSResourceRepository -Name $name -Uri $repository -Trusted
                try {
                    Install-PSResource -Name AccessToken -Repository $name -Scope CurrentUser -TrustRepository -Quiet
                    (Get-InstalledPSResource -Name AccessToken).InstalledLocation
                }
                finally { Unregister-PSResourceRepository -Name $name }
            } -args $repository.FullName
        }
        $LASTEXITCODE | Should -Be 0
        $installed | Should -BeLike "$userHome*"
        $settingsFolder = Get-SettingsFolder $environment
        $settingsFolder | Should -BeLike "$userHome*"
        Test-Path (Join-Path $settingsFolder 'PSResourceGet/PSResourceRepository.xml') | Should -BeTrue

        $session = Invoke-WithEnvironment $environment {
            Invoke-PowerShell -NoProfile -NonInteractive -Command {
                $ErrorActionPreference = 'Stop'
                Import-Module AccessToken
                [pscustomobject]@{
                    ModuleBase = (Get-Module AccessToken).ModuleBase
                    Version    = [string](Get-Module AccessToken).Version
                    Ids        = @(Get-AccessToken | ForEach-Object Id)
                    Synopsis   = (Get-Help Get-AccessToken).Synopsis
                }
            }
        }
        $LASTEXITCODE | Should -Be 0
        $session.ModuleBase | Should -BeLike "$userHome*"
        $session.Version | Should -Be $Version
        $session.Ids.Count | Should -Be 5
        $session.Ids | Should -Contain '5a0000000000000000000001'
        $session.Synopsis | Should -Match 'Gets Losant API access tokens'
    }
}

Describe 'Packaging' {
    BeforeEach { if ($script:NotApplicable) { Set-ItResult -Skipped -Because $script:NotApplicable } }

    It 'Leaves_the_users_registered_repositories_unchanged' {
        # The packager's own Publish-PSResource must not register anything for the user it runs as;
        # this user keeps their settings in a folder of the test's own.
        $user = @{ XDG_DATA_HOME = (Join-Path $TestDrive 'user-data'); HOME = (Join-Path $TestDrive 'user-home'); PSModulePath = $null }
        New-Item -ItemType Directory -Force $user.XDG_DATA_HOME, $user.HOME | Out-Null
        $listRepositories = {
            Invoke-PowerShell -NoProfile -NonInteractive -Command { Get-PSResourceRepository | ForEach-Object { "$($_.Name) $($_.Uri)" } }
        }
        $before = @(Invoke-WithEnvironment $user $listRepositories)
        $before | Should -Not -BeNullOrEmpty
        # The listing really is this user's: PSResourceGet keeps it in their data folder (on
        # Windows, the real user's, whose listing must come out of packaging unchanged all the same).
        $settingsFolder = Get-SettingsFolder $user
        if (-not (Test-WindowsPlatform)) { $settingsFolder | Should -BeLike "$TestDrive*" }
        Test-Path (Join-Path $settingsFolder 'PSResourceGet/PSResourceRepository.xml') | Should -BeTrue
        Invoke-WithEnvironment $user {
            & $Packager -ModulePath $ModuleBase -OutputPath (Join-Path $TestDrive 'package') | Out-Null
        }
        $after = @(Invoke-WithEnvironment $user $listRepositories)
        $after | Should -Be $before
        Test-Path (Join-Path $TestDrive "package/AccessToken.$Version.nupkg") | Should -BeTrue
    }
}

AfterAll {
    if ($script:NotApplicable) { return }
    Restore-TestEnvironment $script:SavedEnvironment
}
