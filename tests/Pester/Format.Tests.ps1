# How tokens look on screen: the default table and list views, expired tokens marked, and the
# secret of a new token never shown by any view.
BeforeAll {
    # These tests pin the seed's contract (API 1.3.7, /access-tokens); today's API has tests of its own.
    $env:LOSANT_API_VERSION = '1.3.7'
    Import-Module (Join-Path $PSScriptRoot '../EmulatorControl.psm1') -Force
    Import-Module $env:ACCESSTOKEN_TEST_MODULE -Force
    $script:Emulator = Start-Emulator
    Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url

    function Get-Row([string] $text, [string] $id) {
        @($text -split '\r?\n' | Where-Object { $_ -match $id })
    }
}

AfterAll {
    $env:LOSANT_API_VERSION = $null
    Disconnect-Losant
    Stop-Emulator $script:Emulator
}

Describe 'Table view' {
    BeforeAll {
        Reset-Emulator $script:Emulator
        $script:Tokens = @(Get-AccessToken)
        # Default output, as the console shows it without any Format-* command.
        $script:Table = $script:Tokens | Out-String -Width 200
    }

    It 'Shows_Name_Status_ExpirationDate_and_Id_by_default' {
        $header = ($Table -split '\r?\n' | Where-Object { $_.Trim() })[0]
        $header | Should -Match '^Name\s+Status\s+ExpirationDate\s+Id\s*$'
        $Tokens | Format-Table | Out-String -Width 200 | Should -Be $Table
    }

    It 'Marks_expired_tokens_EXPIRED' {
        $expired = Get-Row $Table '5a0000000000000000000003'
        $expired | Should -Match 'Old integration\s+Inactive\s+2020-06-30 EXPIRED\s+5a0000000000000000000003'
        @($Table -split '\r?\n' | Where-Object { $_ -match 'EXPIRED' }).Count | Should -Be 1
    }

    It 'Shows_never_for_a_token_without_expiration_date' {
        Get-Row $Table '5a0000000000000000000002' | Should -Match 'Deploy pipeline\s+Active\s+never\s+5a0000000000000000000002'
    }

    It 'Shows_future_expiration_dates_with_their_time' {
        Get-Row $Table '5a0000000000000000000001' | Should -Match '2030-01-01 00:00\s+5a0000000000000000000001'
    }
}

Describe 'List view' {
    BeforeAll {
        Reset-Emulator $script:Emulator
        $script:Tokens = @(Get-AccessToken)
    }

    It 'Shows_the_token_properties_in_Format_List' {
        $list = $Tokens[0] | Format-List | Out-String -Width 200
        foreach ($label in 'Name', 'Id', 'Status', 'Scope', 'UserId', 'CreationDate', 'LastUpdated', 'ExpirationDate', 'IsExpired') {
            $list | Should -Match "(?m)^$label\s+:" -Because "the list view shows $label"
        }
        $list | Should -Match '(?m)^Name\s+: Fleet telemetry reader'
    }

    It 'Shows_never_and_EXPIRED_in_the_list_view' {
        $Tokens[1] | Format-List | Out-String -Width 200 | Should -Match '(?m)^ExpirationDate\s+: never'
        $expired = $Tokens[2] | Format-List | Out-String -Width 200
        $expired | Should -Match '(?m)^ExpirationDate\s+: .*EXPIRED'
        $expired | Should -Match '(?m)^IsExpired\s+: True'
    }
}

Describe 'The secret of a new token' {
    BeforeAll {
        Reset-Emulator $script:Emulator
        $script:Created = New-AccessToken -Name 'Formatting check' -Scope all.Application -Confirm:$false
        $script:Secret = (Get-EmulatorToken $script:Emulator | Where-Object id -EQ $script:Created.Id).token
    }

    It 'Is_held_by_the_result_as_a_SecureString' {
        $Secret | Should -Not -BeNullOrEmpty
        $Created.Token | Should -BeOfType [securestring]
        [System.Net.NetworkCredential]::new('', $Created.Token).Password | Should -BeExactly $Secret
    }

    It 'Never_appears_in_<Name>' -ForEach @(
        @{ Name = 'default output'; Render = { param($t) $t | Out-String -Width 300 } }
        @{ Name = 'Format-Table'; Render = { param($t) $t | Format-Table | Out-String -Width 300 } }
        @{ Name = 'Format-Table *'; Render = { param($t) $t | Format-Table * | Out-String -Width 1000 } }
        @{ Name = 'Format-List'; Render = { param($t) $t | Format-List | Out-String -Width 300 } }
        @{ Name = 'Format-List *'; Render = { param($t) $t | Format-List * | Out-String -Width 300 } }
        @{ Name = 'Format-Custom'; Render = { param($t) $t | Format-Custom | Out-String -Width 300 } }
        @{ Name = 'ToString'; Render = { param($t) "$t" } }
    ) {
        $text = & $Render $Created
        $text | Should -Not -BeNullOrEmpty
        $text | Should -Match 'Formatting check'
        $text | Should -Not -Match ([regex]::Escape($Secret))
    }
}
