"""Invented names for synthetic children, by region, with the spelling variants caseworkers write.

The lists mix common names of each region, several transliterations of the same name where
people really write them differently ("Mohamed", "Mohammed", "Muhammad"), names with accents, and
for some names the name in its own script (Devanagari, Cyrillic, Arabic, Ge'ez, Bengali). They
are there to make search and matching realistic, not to describe anyone.
"""

from dataclasses import dataclass, field


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


def _scripts(text: str) -> dict[str, str]:
    """ "Sita=सीता, Gita=गीता" -> {"Sita": "सीता", "Gita": "गीता"}."""
    pairs = (item.split("=") for item in text.split(",") if item.strip())
    return {latin.strip(): own.strip() for latin, own in pairs}


@dataclass(frozen=True)
class Region:
    code: str
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]
    # name -> the same name in its own script
    own_script: dict = field(default_factory=dict)
    languages: tuple[str, ...] = ()
    # Share of children whose record carries the name in its own script, when the list has one.
    own_script_share: float = 0.0


EAST_AFRICA = Region(
    code="east_africa",
    female=_names(
        """
        Achieng, Atieno, Akinyi, Adhiambo, Awino, Anyango, Wanjiku, Wanjiru, Wambui, Wairimu, Njeri,
        Nyambura, Muthoni, Waceke, Mumbua, Mwikali, Nduku, Kalondu, Chebet, Jepkosgei, Jeruto, Cherono,
        Chepkoech, Nafula, Nekesa, Naliaka, Amina, Aisha, Ayesha, Fatuma, Fatma, Halima, Mwanaisha,
        Zawadi, Neema, Rehema, Baraka, Imani, Furaha, Mercy, Faith, Grace, Esther, Mary, Joy, Nasra,
        Hodan, Hibo, Fadumo, Sagal, Ifrah, Ubah, Nakato, Namutebi, Nabirye, Auma, Akello, Tigist,
        Meseret, Selam, Hiwot, Aster, Mulu, Aziza, Khadija, Khadijah, Kadija, Saida, Mwajuma, Tumaini,
        Upendo, Winnie, Brenda, Sharon
        """
    ),
    male=_names(
        """
        Otieno, Ochieng, Odhiambo, Onyango, Omondi, Owino, Kamau, Mwangi, Njoroge, Kariuki, Kimani,
        Githinji, Mutua, Musyoka, Kioko, Kiprono, Kipchoge, Kibet, Cheruiyot, Wafula, Wekesa, Barasa,
        Mohamed, Mohammed, Muhammad, Abdi, Abdullahi, Abdulahi, Hassan, Hussein, Ali, Omar, Ibrahim,
        Yusuf, Juma, Baraka, Emmanuel, Brian, Kevin, Dennis, Collins, Victor, Joseph, Peter, John,
        Daniel, David, Samuel, Samwel, Musa, Hamisi, Rashid, Salim, Bakari, Abebe, Tesfaye, Dawit,
        Yohannes, Kebede, Ssemwogerere, Mukasa, Okello, Opio, Mugisha, Niyonzima, Habimana, Farah,
        Guled, Liban, Abdirahman
        """
    ),
    family=_names(
        """
        Otieno, Ochieng, Odhiambo, Odiambo, Onyango, Omondi, Owino, Okoth, Ouma, Kamau, Mwangi, Njoroge,
        Kariuki, Kimani, Maina, Wanjiru, Githinji, Macharia, Mutua, Musyoka, Kioko, Mwende, Kiprono,
        Kiprotich, Kipchumba, Chebet, Rotich, Kiplagat, Wafula, Wekesa, Barasa, Simiyu, Juma, Hassan,
        Abdi, Mohamed, Mohamud, Ali, Omar, Ahmed, Farah, Warsame, Hussein, Nyambura, Mwakilema, Mwinyi,
        Said, Salim, Mbwana, Okello, Opio, Mukasa, Ssempala, Nakato, Mugisha, Tumusiime, Niyonzima,
        Habimana, Uwimana, Bekele, Tesfaye, Haile, Gebremariam, Wolde, Alemu, Ndirangu, Gitau, Ngugi,
        Kinyua, Muriuki
        """
    ),
    own_script=_scripts(
        """
        Mohamed=محمد, Mohammed=محمد, Muhammad=محمد, Amina=أمينة, Aisha=عائشة, Fatuma=فاطمة,
        Halima=حليمة, Hassan=حسن, Hussein=حسين, Ibrahim=إبراهيم, Omar=عمر, Ali=علي, Khadija=خديجة,
        Yusuf=يوسف, Abebe=አበበ, Tesfaye=ተስፋዬ, Dawit=ዳዊት, Tigist=ትግስት, Selam=ሰላም, Hiwot=ሕይወት
        """
    ),
    languages=("sw", "en"),
    own_script_share=0.35,
)

SOUTH_ASIA = Region(
    code="south_asia",
    female=_names(
        """
        Sita, Gita, Sunita, Anita, Sarita, Kabita, Kavita, Laxmi, Lakshmi, Luxmi, Pooja, Puja, Priya,
        Priyanka, Anjali, Radha, Rekha, Sabina, Samjhana, Srijana, Sushmita, Manisha, Nisha, Asha, Usha,
        Kamala, Durga, Parvati, Pemba, Pema, Dolma, Lhamo, Yangchen, Tashi, Dawa, Mina, Meena, Binita,
        Bimala, Roshni, Shanti, Santi, Ayesha, Fatima, Nasreen, Rukhsana, Shabnam, Farzana, Taslima,
        Rupa, Shreya, Sneha, Kajal, Komal, Aarati, Arati, Sapana, Sangita, Sangeeta, Bishnu, Ganga,
        Jamuna, Heema, Hima
        """
    ),
    male=_names(
        """
        Ram, Shyam, Hari, Krishna, Krisna, Bikash, Vikash, Bikas, Deepak, Dipak, Suresh, Ramesh, Rajesh,
        Mahesh, Ganesh, Dinesh, Prakash, Santosh, Sanjay, Sunil, Anil, Raju, Rajendra, Bishal, Bibek,
        Vivek, Saroj, Suman, Sujan, Nabin, Navin, Roshan, Rohit, Amit, Sumit, Arjun, Nirmal, Kamal,
        Bimal, Tenzin, Pemba, Nima, Dorje, Mingma, Lakpa, Mohammad, Mohammed, Md, Imran, Salman, Rahul,
        Rohan, Siddharth, Sidharth, Aakash, Akash, Bijay, Vijay, Sagar, Sandeep, Sandip, Manoj, Pawan,
        Pradeep, Pradip
        """
    ),
    family=_names(
        """
        Shrestha, Shresta, Srestha, Gurung, Tamang, Thapa, Rai, Magar, Karki, Adhikari, Bhandari,
        Poudel, Paudel, Pokharel, Sharma, Sarma, Khadka, Basnet, Bhattarai, Koirala, Limbu, Sherpa,
        Lama, Chaudhary, Chaudhari, Choudhary, Chowdhury, Yadav, Jadav, Mahato, Tharu, Sah, Shah, Singh,
        Kumar, Kumari, Thakur, Mishra, Pandey, Tiwari, Gupta, Das, Biswas, Mondal, Sarkar, Rahman,
        Hossain, Hussain, Islam, Khan, Ansari, Sheikh, Bishwakarma, Nepali, Pariyar, Sunar, Dhakal,
        Ghimire, Neupane, Subedi, Acharya, Regmi, Maharjan, Maharzan, Shakya, Bajracharya, Tuladhar
        """
    ),
    own_script=_scripts(
        """
        Sita=सीता, Gita=गीता, Sunita=सुनिता, Anita=अनिता, Laxmi=लक्ष्मी, Lakshmi=लक्ष्मी, Pooja=पूजा,
        Radha=राधा, Asha=आशा, Kamala=कमला, Durga=दुर्गा, Ram=राम, Hari=हरि, Krishna=कृष्ण, Bikash=बिकाश,
        Deepak=दीपक, Suresh=सुरेश, Ramesh=रमेश, Ganesh=गणेश, Prakash=प्रकाश, Arjun=अर्जुन,
        Shrestha=श्रेष्ठ, Gurung=गुरुङ, Tamang=तामाङ, Thapa=थापा, Adhikari=अधिकारी, Sharma=शर्मा,
        Yadav=यादव, Singh=सिंह, Rahman=রহমান, Hossain=হোসেন, Fatima=ফাতিমা, Taslima=তাসলিমা
        """
    ),
    languages=("ne", "hi", "en"),
    own_script_share=0.4,
)

WEST_AFRICA = Region(
    code="west_africa",
    female=_names(
        """
        Aminata, Fatoumata, Fatou, Mariama, Mariam, Aissatou, Awa, Adama, Kadiatou, Hawa, Oumou,
        Ramatou, Ngozi, Chiamaka, Chinwe, Adaeze, Nneka, Amaka, Folake, Funmilayo, Oluwaseun, Yetunde,
        Bukola, Abena, Akosua, Ama, Adwoa, Efua, Esi, Afia, Yaa, Blessing, Precious, Comfort, Gifty,
        Patience, Rokia, Djeneba, Salimata, Hadiza, Zainab, Zeinab, Aïcha, Mame, Ndèye, Khady, Bintou,
        Nafissatou
        """
    ),
    male=_names(
        """
        Mamadou, Moussa, Musa, Ibrahima, Ousmane, Abdoulaye, Amadou, Seydou, Boubacar, Souleymane,
        Cheikh, Modou, Lamine, Chukwuemeka, Chukwuma, Emeka, Obinna, Nnamdi, Oluwasegun, Segun, Tunde,
        Babatunde, Kwame, Kwabena, Kofi, Kwaku, Yaw, Kojo, Kwesi, Issa, Idrissa, Djibril, Jibril, Adamu,
        Sani, Usman, Osman, Uthman, Yakubu, Emmanuel, Samuel, Ebenezer, Prince, Godwin, Ahmed, Aliou,
        Alassane, Bakary, Sékou, Fodé
        """
    ),
    family=_names(
        """
        Diallo, Bah, Barry, Sow, Traoré, Traore, Coulibaly, Kouyaté, Keita, Koné, Kone, Camara, Touré,
        Toure, Diop, Ndiaye, Fall, Sy, Ba, Faye, Gueye, Mbaye, Sarr, Okafor, Okeke, Eze, Nwosu, Obi,
        Adeyemi, Adebayo, Ogunleye, Olawale, Bello, Abubakar, Mohammed, Ibrahim, Yusuf, Mensah, Owusu,
        Boateng, Asante, Agyeman, Osei, Appiah, Acheampong, Ouédraogo, Ouedraogo, Sawadogo, Kaboré,
        Zongo, Dembélé, Sissoko, Konaté, Sangaré
        """
    ),
    languages=("fr", "en", "ha"),
)

EASTERN_EUROPE = Region(
    code="eastern_europe",
    female=_names(
        """
        Olena, Olga, Olha, Oksana, Iryna, Irina, Natalia, Nataliya, Natalya, Tetiana, Tatiana, Tatyana,
        Anastasia, Anastasiia, Yulia, Yuliya, Iulia, Kateryna, Ekaterina, Yekaterina, Maria, Mariia,
        Daria, Dariya, Sofia, Sofiia, Viktoria, Viktoriya, Alina, Valentina, Svetlana, Svitlana, Ioana,
        Elena, Andreea, Mihaela, Ana, Daniela, Cristina, Gabriela, Raluca, Bianca, Alexandra, Ksenia,
        Kseniia, Polina, Veronika, Ludmila, Liudmyla
        """
    ),
    male=_names(
        """
        Oleksandr, Aleksandr, Alexandru, Andrii, Andrei, Andriy, Dmytro, Dmitri, Dmitry, Serhii, Sergei,
        Sergey, Serhiy, Mykola, Nikolai, Nicolae, Ivan, Ion, Ioan, Volodymyr, Vladimir, Yurii, Yuri,
        Maksym, Maxim, Artem, Artyom, Bogdan, Bohdan, Vasyl, Vasile, Mihai, Mihail, Mikhail, Denys,
        Denis, Pavlo, Pavel, Igor, Ihor, Viktor, Victor, Stefan, Ștefan, Gheorghe, Constantin, Cristian,
        Răzvan, Florin
        """
    ),
    family=_names(
        """
        Shevchenko, Kovalenko, Bondarenko, Tkachenko, Kravchenko, Melnyk, Melnik, Koval, Boyko, Boiko,
        Oliinyk, Moroz, Lysenko, Rudenko, Savchenko, Petrenko, Ivanov, Ivanoff, Petrov, Smirnov, Popov,
        Sokolov, Kuznetsov, Popescu, Popa, Ionescu, Rusu, Munteanu, Ciobanu, Ceban, Rotari, Lungu,
        Cojocaru, Moraru, Țurcanu, Turcanu, Stan, Dumitru, Stoica, Georgescu, Constantinescu, Dimitrov,
        Georgiev, Hoxha, Shehu
        """
    ),
    own_script=_scripts(
        """
        Olena=Олена, Olga=Ольга, Olha=Ольга, Oksana=Оксана, Iryna=Ірина, Irina=Ирина, Natalia=Наталія,
        Tetiana=Тетяна, Anastasia=Анастасія, Yulia=Юлія, Kateryna=Катерина, Maria=Марія, Daria=Дарія,
        Sofia=Софія, Oleksandr=Олександр, Andrii=Андрій, Dmytro=Дмитро, Serhii=Сергій, Sergei=Сергей,
        Mykola=Микола, Ivan=Іван, Volodymyr=Володимир, Maksym=Максим, Bohdan=Богдан, Vasyl=Василь,
        Shevchenko=Шевченко, Kovalenko=Коваленко, Bondarenko=Бондаренко, Melnyk=Мельник, Boyko=Бойко,
        Ivanov=Иванов, Petrov=Петров, Smirnov=Смирнов, Moroz=Мороз
        """
    ),
    languages=("uk", "ro", "ru"),
    own_script_share=0.5,
)

LATIN_AMERICA = Region(
    code="latin_america",
    female=_names(
        """
        María, Maria, Guadalupe, Lupita, Juana, Ana, Ana Lucía, Rosa, Sofía, Sofia, Valentina, Camila,
        Daniela, Fernanda, Gabriela, Ximena, Jimena, Andrea, Paola, Alejandra, Mariana, Maryana, Luz,
        Esperanza, Dolores, Yesenia, Yessenia, Karla, Carla, Brenda, Wendy, Itzel, Citlali, Nayeli,
        Milagros, Araceli, Marisol, Leticia, Verónica, Veronica, Josefina, Xóchitl
        """
    ),
    male=_names(
        """
        José, Jose, Juan, Juan Carlos, Luis, Carlos, Jesús, Jesus, Miguel, Ángel, Angel, Jorge, Pedro,
        Francisco, Javier, Xavier, Alejandro, Diego, Santiago, Mateo, Sebastián, Emiliano, Fernando,
        Ricardo, Eduardo, Óscar, Oscar, Kevin, Brayan, Bryan, Jonathan, Yonatan, Wilmer, Edwin, Elmer,
        Nelson, Héctor, Hector, Cristian, Christian, Andrés, Joaquín
        """
    ),
    family=_names(
        """
        García, Garcia, Hernández, Hernandez, López, Lopez, Martínez, Martinez, González, Gonzalez,
        Rodríguez, Rodriguez, Pérez, Perez, Sánchez, Sanchez, Ramírez, Ramirez, Cruz, Flores, Gómez,
        Gomez, Morales, Vásquez, Vasquez, Velásquez, Reyes, Jiménez, Jimenez, Torres, Díaz, Ortiz,
        Mendoza, Castillo, Chávez, Chavez, Ramos, Ruiz, Aguilar, Xicay, Choc, Quispe, Mamani, Huamán,
        Condori, Yupanqui, Muñoz, Núñez, Peña
        """
    ),
    languages=("es",),
)

REGIONS = {r.code: r for r in (EAST_AFRICA, SOUTH_ASIA, WEST_AFRICA, EASTERN_EUROPE, LATIN_AMERICA)}

# Where most of a country's children's names come from. Countries not listed get East African names.
COUNTRY_REGION = {
    **dict.fromkeys(("KE", "UG", "TZ", "ET", "SO", "RW", "BI", "SS", "ER", "DJ", "ZA"), "east_africa"),
    **dict.fromkeys(("NP", "IN", "BD", "PK", "LK", "BT"), "south_asia"),
    **dict.fromkeys(
        ("NG", "GH", "SN", "CI", "BF", "ML", "TG", "BJ", "SL", "LR", "GN", "GM", "NE"), "west_africa"
    ),
    **dict.fromkeys(
        ("UA", "MD", "RO", "BG", "AL", "BY", "RU", "RS", "MK", "BA", "ME", "NO"), "eastern_europe"
    ),
    **dict.fromkeys(
        ("MX", "GT", "HN", "SV", "NI", "CO", "PE", "BO", "EC", "VE", "PY", "DO", "HT"), "latin_america"
    ),
}
# The others come from elsewhere: children moved across borders (Nepali children found in India
# are in the same region; Somali and Ethiopian children in Kenya too; these add farther origins).
OTHER_REGION = {
    "east_africa": "south_asia",
    "south_asia": "east_africa",
    "west_africa": "east_africa",
    "eastern_europe": "latin_america",
    "latin_america": "west_africa",
}
SHARE_FROM_ELSEWHERE = 0.08


def regions_for(country_code: str) -> tuple[Region, Region]:
    """(the region most children's names come from, the region of the others)."""
    home = COUNTRY_REGION.get(country_code, "east_africa")
    return REGIONS[home], REGIONS[OTHER_REGION[home]]
