# The module manifest as the PowerShell Gallery and Import-Module read it.
BeforeAll {
    # These tests pin the seed's contract (API 1.3.7, /access-tokens); today's API has tests of its own.
    Import-Module (Join-Path $PSScriptRoot '../../tools/PowerShellHost.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:SavedEnvironment = Set-TestEnvironment -ApiVersion '1.3.7'
    Import-Module (Join-Path $PSScriptRoot '../EmulatorControl.psm1') -Force
    $script:ManifestPath = $env:ACCESSTOKEN_TEST_MODULE
    $script:Data = Import-PowerShellDataFile $script:ManifestPath
    $script:Cmdlets = @('Connect-Losant', 'Disconnect-Losant', 'Get-AccessToken', 'Get-LosantConnection', 'New-AccessToken', 'Remove-AccessToken', 'Set-AccessToken')
}

Describe 'Module manifest' {
    It 'Passes_Test_ModuleManifest' {
        $manifest = Test-ModuleManifest $ManifestPath -ErrorAction Stop
        $manifest.Name | Should -Be 'AccessToken'
        $manifest.RootModule | Should -Be 'AccessToken.dll'
    }

    It 'Has_a_semantic_version_a_GUID_an_author_and_a_description' {
        [System.Management.Automation.SemanticVersion]::TryParse($Data.ModuleVersion, [ref]$null) | Should -BeTrue
        @($Data.ModuleVersion.Split('.')).Count | Should -Be 3
        [guid]::Parse($Data.GUID) | Should -Not -Be ([guid]::Empty)
        $Data.Author | Should -Not -BeNullOrEmpty
        $Data.Description.Length | Should -BeGreaterThan 40
    }

    It 'Runs_on_Windows_PowerShell_5_1_and_PowerShell_7' {
        $Data.CompatiblePSEditions | Should -Contain 'Desktop'
        $Data.CompatiblePSEditions | Should -Contain 'Core'
        $Data.PowerShellVersion | Should -Be '5.1'
    }

    It 'Lists_its_cmdlets_explicitly_and_exports_no_functions_aliases_or_variables' {
        @($Data.CmdletsToExport | Sort-Object) | Should -Be $Cmdlets
        @($Data.CmdletsToExport | Where-Object { [WildcardPattern]::ContainsWildcardCharacters($_) }).Count | Should -Be 0
        @($Data.FunctionsToExport).Count | Should -Be 0
        @($Data.AliasesToExport).Count | Should -Be 0
        @($Data.VariablesToExport).Count | Should -Be 0
    }

    It 'Carries_its_licence_in_the_module_folder' {
        $license = Join-Path (Split-Path $ManifestPath) 'LICENSE'
        Test-Path $license | Should -BeTrue
        Get-Content $license -TotalCount 1 | Should -BeExactly 'MIT License'
    }

    It 'Gives_its_assemblies_the_version_of_the_manifest' {
        # One source: the build takes the assemblies' version from ModuleVersion.
        $moduleFolder = Split-Path $ManifestPath
        foreach ($assembly in @('AccessToken.dll', 'Dependencies/AccessToken.Core.dll')) {
            $version = [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $moduleFolder $assembly)).Version
            '{0}.{1}.{2}' -f $version.Major, $version.Minor, $version.Build | Should -BeExactly $Data.ModuleVersion
        }
    }

    It 'Loads_the_format_file' {
        $Data.FormatsToProcess | Should -Be @('AccessToken.format.ps1xml')
        Test-Path (Join-Path (Split-Path $ManifestPath) 'AccessToken.format.ps1xml') | Should -BeTrue
    }

    It 'Has_the_Gallery_metadata' {
        $psData = $Data.PrivateData.PSData
        $psData.Tags | Should -Contain 'Losant'
        $psData.Tags | Should -Contain 'PSEdition_Core'
        $psData.Tags | Should -Contain 'PSEdition_Desktop'
        # The Gallery refuses tags with spaces.
        @($psData.Tags | Where-Object { $_ -match '\s' }).Count | Should -Be 0
        # No public home yet: the manifest names no address it cannot stand behind.
        $psData.Keys | Should -Not -Contain 'ProjectUri'
        $psData.Keys | Should -Not -Contain 'LicenseUri'
        $psData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }
}

Describe 'Imported module' {
    It 'Exports_exactly_the_seven_cmdlets' {
        $exported = Invoke-PowerShell -NoProfile -NonInteractive -Command {
            param($manifest)
            (Import-Module $manifest -PassThru).ExportedCommands.Values | ForEach-Object { "$($_.CommandType) $($_.Name)" }
        } -args $ManifestPath
        @($exported | Sort-Object) | Should -Be @($Cmdlets | ForEach-Object { "Cmdlet $_" })
    }

    It 'Import_with_Prefix_renames_the_cmdlets_and_they_work' {
        $emulator = Start-Emulator
        try {
            $saved = $env:PSModulePath, $env:LOSANT_API_TOKEN, $env:LOSANT_API_URL
            # Found by name, as after Install-PSResource: the built module's parent folder is on the module path.
            $env:PSModulePath = (Split-Path (Split-Path $ManifestPath)) + [IO.Path]::PathSeparator + $env:PSModulePath
            $env:LOSANT_API_TOKEN = $emulator.ApiToken
            $env:LOSANT_API_URL = $emulator.Url
            try {
                $result = Invoke-PowerShell -NoProfile -NonInteractive -Command {
                    Import-Module AccessToken -Prefix Xyz -ErrorAction Stop
                    [pscustomobject]@{
                        Commands = @((Get-Command -Module AccessToken).Name | Sort-Object)
                        Ids      = @(Get-XyzAccessToken -ErrorAction Stop | ForEach-Object Id)
                        Synopsis = (Get-Help Get-XyzAccessToken).Synopsis
                    }
                }
            }
            finally { $env:PSModulePath, $env:LOSANT_API_TOKEN, $env:LOSANT_API_URL = $saved }
            $LASTEXITCODE | Should -Be 0
            $result.Commands | Should -Be @('Connect-XyzLosant', 'Disconnect-XyzLosant', 'Get-XyzAccessToken', 'Get-XyzLosantConnection', 'New-XyzAccessToken', 'Remove-XyzAccessToken', 'Set-XyzAccessToken')
            $result.Ids.Count | Should -Be 5
            $result.Synopsis | Should -Match 'Gets Losant API access tokens'
        }
        finally { Stop-Emulator $emulator }
    }
}

AfterAll {
    Restore-TestEnvironment $script:SavedEnvironment
}
